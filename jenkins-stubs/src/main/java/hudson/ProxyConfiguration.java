package hudson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

public final class ProxyConfiguration {
    private ProxyConfiguration() {
        throw new UnsupportedOperationException();
    }

    public static HttpClient newHttpClient() {
        throw new UnsupportedOperationException();
    }

    public static HttpClient.Builder newHttpClientBuilder() {
        throw new UnsupportedOperationException();
    }

    public static HttpRequest.Builder newHttpRequestBuilder(URI uri) {
        throw new UnsupportedOperationException();
    }
}
