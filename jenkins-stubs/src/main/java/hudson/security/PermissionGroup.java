package hudson.security;

import java.util.Iterator;
import org.jvnet.localizer.Localizable;

public final class PermissionGroup implements Iterable<Permission> {
    @SuppressWarnings("rawtypes")
    public PermissionGroup(Class owner, Localizable title) {
        throw new UnsupportedOperationException();
    }

    @SuppressWarnings("rawtypes")
    public PermissionGroup(String id, Class owner, Localizable title) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Iterator<Permission> iterator() {
        throw new UnsupportedOperationException();
    }
}
