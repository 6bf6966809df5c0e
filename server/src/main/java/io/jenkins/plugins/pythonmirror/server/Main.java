package io.jenkins.plugins.pythonmirror.server;

/** Command-line entry point of the standalone server. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("python-mirror server: not wired yet");
    }
}
