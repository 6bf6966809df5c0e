package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The roles of the users file: each is an engine {@link Role} and, for the accounts of CI systems, the capability to
 * start recording sessions ({@code POST api/sessions}). The capability sits beside the role, not in its order: a
 * {@code session} user reads like a reader (private packages included, as CI builds need) and starts sessions,
 * which an uploader may not.
 */
public enum UserRole {
    /** Reads everything, private packages included. */
    READER("reader", Role.READER, false),
    /** Also uploads private packages. */
    UPLOADER("uploader", Role.UPLOADER, false),
    /** Also administers: yank, delete, purge, sync; starts sessions and reads every session's report. */
    ADMIN("admin", Role.ADMIN, false),
    /** A CI system's account: reads like a reader and starts sessions whose tokens read. */
    SESSION("session", Role.READER, true),
    /** A CI system's account that publishes: uploads itself, and starts sessions whose tokens may upload. */
    SESSION_UPLOADER("session-uploader", Role.UPLOADER, true);

    private final String word;
    private final Role role;
    private final boolean startsSessions;

    UserRole(String word, Role role, boolean startsSessions) {
        this.word = word;
        this.role = role;
        this.startsSessions = startsSessions;
    }

    /** The word in the users file and on the command line. */
    public String word() {
        return word;
    }

    public Role role() {
        return role;
    }

    /** The caller a user of this role becomes once signed in. */
    public Caller caller(String name) {
        return new Caller(name, role, null, startsSessions);
    }

    /** The role this word names (case-insensitive), or empty. */
    public static Optional<UserRole> parse(String word) {
        if (word == null) {
            return Optional.empty();
        }
        String w = word.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.word.equals(w)).findFirst();
    }

    /** The user role of an engine role without the session capability. */
    public static UserRole of(Role role) {
        return switch (role) {
            case READER -> READER;
            case UPLOADER -> UPLOADER;
            case ADMIN -> ADMIN;
            case ANONYMOUS -> throw new IllegalArgumentException("A user's role is " + words());
        };
    }

    /** "reader, uploader, admin, session or session-uploader". */
    public static String words() {
        String all = Arrays.stream(values()).map(UserRole::word).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
