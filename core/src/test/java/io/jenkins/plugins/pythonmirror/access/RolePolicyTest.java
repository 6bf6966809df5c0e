package io.jenkins.plugins.pythonmirror.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolePolicyTest {

    private static final ProjectName PROJECT = ProjectName.parse("acme-lib");

    @ParameterizedTest(name = "{0}, anonymous read {1}: public {2}, private {3}, upload {4}, admin {5}")
    @CsvSource({
        "ANONYMOUS, true,  true,  false, false, false",
        "ANONYMOUS, false, false, false, false, false",
        "READER,    false, true,  true,  false, false",
        "READER,    true,  true,  true,  false, false",
        "UPLOADER,  false, true,  true,  true,  false",
        "ADMIN,     false, true,  true,  true,  true",
    })
    void decisionsFollowTheRole(
            Role role,
            boolean anonymousRead,
            boolean readPublic,
            boolean readPrivate,
            boolean upload,
            boolean administer) {
        AccessPolicy policy = new RolePolicy(anonymousRead);
        Caller caller = role == Role.ANONYMOUS ? Caller.ANONYMOUS : new Caller("someone", role);

        assertThat(policy.canReadPublic(caller)).isEqualTo(readPublic);
        assertThat(policy.canReadPrivate(caller, PROJECT)).isEqualTo(readPrivate);
        assertThat(policy.canUpload(caller, PROJECT)).isEqualTo(upload);
        assertThat(policy.canAdminister(caller)).isEqualTo(administer);
    }

    @Test
    void sessionsAreStartedByAdminsAndByCallersWithTheCapabilityOnly() {
        AccessPolicy policy = new RolePolicy(true);

        assertThat(policy.canStartSession(Caller.ANONYMOUS, false)).isFalse();
        assertThat(policy.canStartSession(new Caller("rita", Role.READER), false))
                .isFalse();
        assertThat(policy.canStartSession(new Caller("ulla", Role.UPLOADER), false))
                .isFalse();
        assertThat(policy.canStartSession(new Caller("adam", Role.ADMIN), true)).isTrue();
        // The CI's session user: a reader in every other respect, so its sessions read only.
        Caller ci = new Caller("ci", Role.READER, null, true);
        assertThat(policy.canStartSession(ci, false)).isTrue();
        assertThat(policy.canStartSession(ci, true)).isFalse();
        assertThat(policy.canUpload(ci, PROJECT)).isFalse();
        assertThat(policy.canAdminister(ci)).isFalse();
        assertThat(policy.canReadPrivate(ci, PROJECT)).isTrue();
        assertThat(policy.canStartSession(new Caller("pub", Role.UPLOADER, null, true), true))
                .isTrue();
        // A session's own token starts nothing, even if a host flagged it.
        assertThat(policy.canStartSession(new Caller("session-1", Role.READER, "s-1", true), false))
                .isFalse();
        assertThat(policy.canStartSession(new Caller("session-2", Role.ADMIN, "s-2"), false))
                .isFalse();
    }

    @Test
    void aSessionIsReadByItsCreatorAndAdminsOnly() {
        AccessPolicy policy = new RolePolicy(true);

        assertThat(policy.canReadSession(new Caller("ci", Role.READER, null, true), "ci"))
                .isTrue();
        assertThat(policy.canReadSession(new Caller("adam", Role.ADMIN), "ci")).isTrue();
        assertThat(policy.canReadSession(new Caller("other-ci", Role.READER, null, true), "ci"))
                .isFalse();
        assertThat(policy.canReadSession(new Caller("ulla", Role.UPLOADER), "ci"))
                .isFalse();
        assertThat(policy.canReadSession(Caller.ANONYMOUS, "anonymous")).isFalse();
        // A token named like the creator is still a token.
        assertThat(policy.canReadSession(new Caller("ci", Role.READER, "s-1"), "ci"))
                .isFalse();
    }
}
