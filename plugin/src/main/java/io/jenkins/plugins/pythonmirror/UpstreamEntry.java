package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.ProxyConfiguration;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.pythonmirror.config.SettingsConverter;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.config.UpstreamProbe;
import java.net.URI;
import java.time.Duration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One upstream index in the global configuration: URL plus optional user name and password. The password is a
 * {@link Secret} field rather than a credentials-plugin ID, so the plugin depends on nothing but workflow-step-api.
 */
public class UpstreamEntry implements Describable<UpstreamEntry> {

    private final String url;
    private String username = "";
    private Secret password;

    @DataBoundConstructor
    public UpstreamEntry(String url) {
        this.url = url == null ? "" : url.trim();
    }

    public String getUrl() {
        return url;
    }

    public String getUsername() {
        return username;
    }

    @DataBoundSetter
    public void setUsername(String username) {
        this.username = username == null ? "" : username.trim();
    }

    public Secret getPassword() {
        return password;
    }

    @DataBoundSetter
    public void setPassword(Secret password) {
        this.password = password;
    }

    SettingsConverter.UpstreamValues toValues() {
        return new SettingsConverter.UpstreamValues(url, username, password == null ? "" : password.getPlainText());
    }

    /** Descriptor: field checks and the "Test upstream" button. */
    @Extension
    @Symbol("upstream")
    public static class DescriptorImpl extends Descriptor<UpstreamEntry> {

        @Override
        public String getDisplayName() {
            return Messages.UpstreamEntry_DisplayName();
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return SettingsConverter.checkUpstreamUrl(value)
                    .map(FormValidation::error)
                    .orElseGet(FormValidation::ok);
        }

        @POST
        public FormValidation doTestUpstream(
                @QueryParameter String url, @QueryParameter String username, @QueryParameter Secret password)
                throws InterruptedException {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            var problem = SettingsConverter.checkUpstreamUrl(url);
            if (problem.isPresent()) {
                return FormValidation.error(problem.get());
            }
            boolean anonymous = username == null || username.isBlank();
            Upstream upstream = new Upstream(
                    URI.create(url.trim()),
                    anonymous ? null : username.trim(),
                    anonymous || password == null ? null : password.getPlainText());
            UpstreamProbe.Result result =
                    UpstreamProbe.probe(ProxyConfiguration.newHttpClient(), upstream, Duration.ofSeconds(10));
            return result.ok() ? FormValidation.ok(result.message()) : FormValidation.error(result.message());
        }
    }
}
