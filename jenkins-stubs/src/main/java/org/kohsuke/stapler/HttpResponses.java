package org.kohsuke.stapler;

public class HttpResponses {
    public static HttpResponseException ok() {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException notFound() {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException forbidden() {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException status(int code) {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException redirectTo(String url) {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException redirectToDot() {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException text(String s) {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException errorWithoutStack(int code, String errorMessage) {
        throw new UnsupportedOperationException();
    }

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {}
}
