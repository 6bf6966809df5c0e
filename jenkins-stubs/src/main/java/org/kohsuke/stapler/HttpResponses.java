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

    public static HttpRedirect redirectTo(String url) {
        throw new UnsupportedOperationException();
    }

    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException();
    }

    public static HttpResponse text(String text) {
        throw new UnsupportedOperationException();
    }

    public static HttpResponseException errorWithoutStack(int code, String errorMessage) {
        throw new UnsupportedOperationException();
    }

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {}
}
