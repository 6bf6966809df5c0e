package io.jenkins.plugins.pythonmirror.access;

import java.util.Objects;

/**
 * Who is asking, as the host established it: the standalone server from its users file, Jenkins from its own
 * authentication, permissions and build tokens.
 *
 * @param name the user name, or {@code anonymous}
 * @param role the highest role the caller holds
 * @param session the recording session its requests belong to (a build token's), or null
 */
public record Caller(String name, Role role, String session) {

    public static final Caller ANONYMOUS = new Caller("anonymous", Role.ANONYMOUS);

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** A caller whose requests belong to no session. */
    public Caller(String name, Role role) {
        this(name, role, null);
    }

    public boolean has(Role needed) {
        return role.includes(needed);
    }

    public boolean isAnonymous() {
        return role == Role.ANONYMOUS;
    }
}
