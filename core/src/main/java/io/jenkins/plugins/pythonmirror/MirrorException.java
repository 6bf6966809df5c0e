package io.jenkins.plugins.pythonmirror;

/**
 * The root of the engine's error tree; each kind carries the HTTP status it maps to and a one-line reason that is
 * safe to show to the client.
 */
public class MirrorException extends RuntimeException {

    private final int status;

    public MirrorException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public MirrorException(int status, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return status;
    }

    /** 404: no such project or file (also what callers see for private projects they may not read). */
    public static class NotFound extends MirrorException {
        public NotFound(String reason) {
            super(404, reason);
        }
    }

    /** 400: the request itself is malformed. */
    public static class BadRequest extends MirrorException {
        public BadRequest(String reason) {
            super(400, reason);
        }
    }

    /** 502: every upstream failed and nothing usable is cached. */
    public static class Upstream extends MirrorException {
        public Upstream(String reason, Throwable cause) {
            super(502, reason, cause);
        }
    }

    /** 401/403: authentication or permission is missing. */
    public static class Denied extends MirrorException {
        public Denied(int status, String reason) {
            super(status, reason);
        }
    }
}
