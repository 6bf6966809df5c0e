package io.jenkins.plugins.pythonmirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.pythonmirror.build.BuildToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PythonMirrorBasicHeaderAuthenticatorTest {

    static int get(JenkinsRule j, String path, BuildToken token) throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString((token.username() + ":" + token.secret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(j.getURL() + path))
                .header("Authorization", "Basic " + basic)
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void buildTokenWorksOnlyUnderTheMirrorAndOnlyUntilRevoked(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy());
        BuildToken token = MirrorEngine.get().tokens().issue("p#1", 1, false);

        assertNotEquals(401, get(j, "python-mirror/simple/", token));
        assertEquals(401, get(j, "api/json", token));
        int traversal = get(j, "python-mirror/../api/json", token); // the container may refuse it outright
        assertTrue(traversal == 400 || traversal == 401, "status " + traversal);

        MirrorEngine.get().revoke(token.secret());
        assertEquals(401, get(j, "python-mirror/simple/", token));
    }

    @Test
    void callerRoleFollowsPermissions(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(jenkins.model.Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(PythonMirrorPermissions.UPLOAD)
                .everywhere()
                .to("publisher")
                .grant(jenkins.model.Jenkins.READ)
                .everywhere()
                .to("reader", "publisher"));
        try (var ignored = hudson.security.ACL.as2(hudson.model.User.getById("admin", true).impersonate2())) {
            assertEquals(io.jenkins.plugins.pythonmirror.access.Role.ADMIN, PythonMirrorRootAction.currentCaller().role());
        }
        try (var ignored = hudson.security.ACL.as2(hudson.model.User.getById("publisher", true).impersonate2())) {
            assertEquals(io.jenkins.plugins.pythonmirror.access.Role.UPLOADER, PythonMirrorRootAction.currentCaller().role());
        }
        try (var ignored = hudson.security.ACL.as2(hudson.model.User.getById("reader", true).impersonate2())) {
            assertEquals(io.jenkins.plugins.pythonmirror.access.Role.READER, PythonMirrorRootAction.currentCaller().role());
        }
        try (var ignored = hudson.security.ACL.as2(jenkins.model.Jenkins.ANONYMOUS2)) {
            assertEquals(io.jenkins.plugins.pythonmirror.access.Role.ANONYMOUS, PythonMirrorRootAction.currentCaller().role());
        }
    }
}
