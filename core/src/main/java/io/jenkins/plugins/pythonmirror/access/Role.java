package io.jenkins.plugins.pythonmirror.access;

/** What a caller may do, each role including the ones before it. */
public enum Role {
    /** May read the public cache, if the settings allow anonymous reading. */
    ANONYMOUS,
    /** May read everything, private projects included. */
    READER,
    /** May also upload private packages. */
    UPLOADER,
    /** May also yank, delete, purge and trigger syncs. */
    ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }
}
