package hudson.security;

import org.jvnet.localizer.Localizable;

public final class Permission {
    public final PermissionGroup group = null;
    public final String name = null;
    public final Localizable description = null;
    public final Permission impliedBy = null;

    public Permission(
            PermissionGroup group,
            String name,
            Localizable description,
            Permission impliedBy,
            boolean enable,
            PermissionScope[] scopes) {
        throw new UnsupportedOperationException();
    }

    public Permission(
            PermissionGroup group, String name, Localizable description, Permission impliedBy, PermissionScope scope) {
        throw new UnsupportedOperationException();
    }

    public String getId() {
        throw new UnsupportedOperationException();
    }

    public static Permission fromId(String id) {
        throw new UnsupportedOperationException();
    }
}
