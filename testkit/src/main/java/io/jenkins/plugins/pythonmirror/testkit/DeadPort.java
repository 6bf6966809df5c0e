package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A local port with nothing listening, for "connection refused" tests. */
public final class DeadPort {

    private DeadPort() {}

    /** Binds an ephemeral port on 127.0.0.1 and closes it again; connecting to it is refused. */
    public static int reserve() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an ephemeral port", e);
        }
    }
}
