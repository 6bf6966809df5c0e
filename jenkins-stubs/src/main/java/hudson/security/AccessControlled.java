package hudson.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) throws AccessDeniedException {
        throw new UnsupportedOperationException();
    }

    default void checkAnyPermission(Permission... permission) throws AccessDeniedException {
        throw new UnsupportedOperationException();
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException();
    }

    default boolean hasAnyPermission(Permission... permission) {
        throw new UnsupportedOperationException();
    }

    default boolean hasPermission2(Authentication a, Permission permission) {
        throw new UnsupportedOperationException();
    }
}
