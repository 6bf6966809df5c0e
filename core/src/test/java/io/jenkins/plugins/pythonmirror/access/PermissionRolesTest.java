package io.jenkins.plugins.pythonmirror.access;

import static io.jenkins.plugins.pythonmirror.access.PermissionRoles.roleOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.PermissionRoles.Facts;
import org.junit.jupiter.api.Test;

class PermissionRolesTest {

    @Test
    void administerIsAdmin() {
        assertThat(roleOf(Facts.user(true, false, false, true))).isEqualTo(Role.ADMIN);
    }

    @Test
    void uploadPermissionIsUploader() {
        assertThat(roleOf(Facts.user(false, true, true, true))).isEqualTo(Role.UPLOADER);
    }

    @Test
    void readPrivateIsReaderEvenForAnonymousWhenGranted() {
        assertThat(roleOf(Facts.user(false, false, true, false))).isEqualTo(Role.READER);
        assertThat(roleOf(Facts.anonymous(false, true, true))).isEqualTo(Role.READER);
    }

    @Test
    void signedInUserWithOverallReadIsReader() {
        assertThat(roleOf(Facts.user(false, false, false, true))).isEqualTo(Role.READER);
        assertThat(roleOf(Facts.user(false, false, false, false))).isEqualTo(Role.ANONYMOUS);
    }

    @Test
    void anonymousWithOnlyOverallReadStaysAnonymous() {
        assertThat(roleOf(Facts.anonymous(false, false, true))).isEqualTo(Role.ANONYMOUS);
    }

    @Test
    void buildTokenIsReaderOrUploaderWhateverElseIsGranted() {
        assertThat(roleOf(Facts.buildToken(false))).isEqualTo(Role.READER);
        assertThat(roleOf(Facts.buildToken(true))).isEqualTo(Role.UPLOADER);
        assertThat(roleOf(new Facts(true, true, false, true, true, true, true))).isEqualTo(Role.READER);
    }
}
