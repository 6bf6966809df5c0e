package io.jenkins.plugins.pythonmirror.access;

import java.util.Objects;

/**
 * Who is asking, as the host established it: the standalone server from its users file, Jenkins from its own
 * authentication, permissions and build tokens.
 *
 * @param name the user name, or {@code anonymous}
 * @param role the highest role the caller holds
 */
public record Caller(String name, Role role) {

    public static final Caller ANONYMOUS = new Caller("anonymous", Role.ANONYMOUS);

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    public boolean has(Role needed) {
        return role.includes(needed);
    }

    public boolean isAnonymous() {
        return role == Role.ANONYMOUS;
    }
}
