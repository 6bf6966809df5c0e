package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

public final class HttpRedirect extends RuntimeException implements HttpResponse {
    public HttpRedirect(String url) {
        throw new UnsupportedOperationException();
    }

    public HttpRedirect(int statusCode, String url) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        throw new UnsupportedOperationException();
    }
}
