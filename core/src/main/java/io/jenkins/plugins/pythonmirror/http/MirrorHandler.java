package io.jenkins.plugins.pythonmirror.http;

import io.jenkins.plugins.pythonmirror.access.Caller;
import java.io.IOException;

/** Answers every URL of the mirror (simple/, files/, links/, upload/, api/, metrics). */
public class MirrorHandler {

    /** Handles one request from {@code caller}, whom the host has already authenticated. */
    public void handle(MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        response.setStatus(501);
        response.setHeader("Content-Type", "text/plain; charset=utf-8");
        response.body().write("not implemented yet\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
