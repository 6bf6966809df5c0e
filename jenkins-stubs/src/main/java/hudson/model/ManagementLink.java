package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.Permission;

public abstract class ManagementLink implements ExtensionPoint, Action {
    @Override
    public abstract String getIconFileName();

    public String getDescription() {
        throw new UnsupportedOperationException();
    }

    @Override
    public abstract String getUrlName();

    public boolean getRequiresConfirmation() {
        throw new UnsupportedOperationException();
    }

    public boolean getRequiresPOST() {
        throw new UnsupportedOperationException();
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException();
    }

    public Category getCategory() {
        throw new UnsupportedOperationException();
    }

    public enum Category {
        // A subset: the real PLUGINS (between CONFIGURATION and SECURITY) is @Restricted(NoExternalUse).
        CONFIGURATION,
        SECURITY,
        STATUS,
        TROUBLESHOOTING,
        TOOLS,
        MISC,
        UNCATEGORIZED;

        public String getLabel() {
            throw new UnsupportedOperationException();
        }
    }
}
