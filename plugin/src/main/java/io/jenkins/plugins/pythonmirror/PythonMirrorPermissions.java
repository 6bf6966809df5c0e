package io.jenkins.plugins.pythonmirror;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import java.util.Objects;
import jenkins.model.Jenkins;

/**
 * The "Python Mirror" permission group. Upload is implied by Administer, ReadPrivate by Upload; what each grants is
 * decided by core's {@code access.PermissionRoles}.
 */
public final class PythonMirrorPermissions {

    public static final PermissionGroup GROUP =
            new PermissionGroup(PythonMirrorPermissions.class, Messages._PythonMirrorPermissions_Group());

    public static final Permission UPLOAD = new Permission(
            GROUP,
            "Upload",
            Messages._PythonMirrorPermissions_Upload_Description(),
            Jenkins.ADMINISTER,
            PermissionScope.JENKINS);

    public static final Permission READ_PRIVATE = new Permission(
            GROUP,
            "ReadPrivate",
            Messages._PythonMirrorPermissions_ReadPrivate_Description(),
            UPLOAD,
            PermissionScope.JENKINS);

    private PythonMirrorPermissions() {}

    /** Loads this class early, so the matrix authorization page lists the permissions (as core's View does). */
    @Initializer(before = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void registerPermissions() {
        Objects.hash(GROUP, UPLOAD, READ_PRIVATE);
    }
}
