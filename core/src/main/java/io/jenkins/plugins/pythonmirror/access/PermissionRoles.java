package io.jenkins.plugins.pythonmirror.access;

/**
 * Maps what a host knows about a caller (Jenkins: authentication, build token, permissions) to a mirror
 * {@link Role}. The Jenkins plugin only collects the facts; this class decides.
 */
public final class PermissionRoles {

    private PermissionRoles() {}

    /**
     * The facts about one caller.
     *
     * @param authenticated signed in (not anonymous)
     * @param buildToken authenticated with a per-build token (then the permission flags are ignored)
     * @param buildTokenMayPublish the build token may upload
     * @param administer holds Jenkins Overall/Administer
     * @param upload holds Python Mirror/Upload
     * @param readPrivate holds Python Mirror/ReadPrivate
     * @param jenkinsRead holds Jenkins Overall/Read
     */
    public record Facts(
            boolean authenticated,
            boolean buildToken,
            boolean buildTokenMayPublish,
            boolean administer,
            boolean upload,
            boolean readPrivate,
            boolean jenkinsRead) {

        public static Facts anonymous(boolean upload, boolean readPrivate, boolean jenkinsRead) {
            return new Facts(false, false, false, false, upload, readPrivate, jenkinsRead);
        }

        public static Facts buildToken(boolean mayPublish) {
            return new Facts(true, true, mayPublish, false, false, false, false);
        }

        public static Facts user(boolean administer, boolean upload, boolean readPrivate, boolean jenkinsRead) {
            return new Facts(true, false, false, administer, upload, readPrivate, jenkinsRead);
        }
    }

    /**
     * The role, highest first: Administer → admin; a build token → uploader if it may publish, else reader (nothing
     * more, whatever the authorization strategy grants {@code authenticated}); Upload → uploader; ReadPrivate →
     * reader; a signed-in user with Overall/Read → reader (private packages are as internal as the jobs that build
     * them); everybody else → anonymous, who reads the public cache only if the mirror allows anonymous reading.
     */
    public static Role roleOf(Facts f) {
        if (f.buildToken()) {
            return f.buildTokenMayPublish() ? Role.UPLOADER : Role.READER;
        }
        if (f.administer()) {
            return Role.ADMIN;
        }
        if (f.upload()) {
            return Role.UPLOADER;
        }
        if (f.readPrivate()) {
            return Role.READER;
        }
        if (f.authenticated() && f.jenkinsRead()) {
            return Role.READER;
        }
        return Role.ANONYMOUS;
    }
}
