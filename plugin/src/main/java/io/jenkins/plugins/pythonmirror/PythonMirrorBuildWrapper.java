package io.jenkins.plugins.pythonmirror;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.console.ConsoleLogFilter;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapperDescriptor;
import hudson.util.Secret;
import io.jenkins.plugins.pythonmirror.build.BuildToken;
import jenkins.tasks.SimpleBuildWrapper;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Freestyle "Use the Python package mirror": the same environment and masking as {@code withPythonMirror}.
 * Jenkins asks for the console filter before {@code setUp}, so whichever comes first issues the run's token.
 */
public class PythonMirrorBuildWrapper extends SimpleBuildWrapper implements BuildOptions.Holder {

    private Boolean findLinks;
    private Boolean publish;

    @DataBoundConstructor
    public PythonMirrorBuildWrapper() {}

    public Boolean getFindLinks() {
        return findLinks;
    }

    @Override
    @DataBoundSetter
    public void setFindLinks(Boolean findLinks) {
        this.findLinks = findLinks;
    }

    public Boolean getPublish() {
        return publish;
    }

    @Override
    @DataBoundSetter
    public void setPublish(Boolean publish) {
        this.publish = publish;
    }

    private boolean effectiveFindLinks() {
        return findLinks != null ? findLinks : PythonMirrorConfiguration.get().isFindLinksByDefault();
    }

    private boolean effectivePublish() {
        return publish != null ? publish : PythonMirrorConfiguration.get().isPublishByDefault();
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void setUp(Context context, Run<?, ?> build, TaskListener listener, EnvVars initialEnvironment) {
        MirrorEngine engine = MirrorEngine.get();
        BuildToken token = engine.wrapperToken(build, effectivePublish());
        engine.beginRecording(token, null);
        MirrorEngine.Session session = engine.session(token, effectiveFindLinks());
        session.environment().all().forEach(context::env);
        context.setDisposer(new Revoker(token.secret(), token.session()));
        listener.getLogger()
                .println(Messages.WithPythonMirrorStep_Using(
                        session.environment().publicValues().get("PYTHON_MIRROR_URL"),
                        String.join(", ", session.environment().all().keySet()),
                        token.expiresAt()));
    }

    @Override
    public ConsoleLogFilter createLoggerDecorator(Run<?, ?> build) {
        return new MaskingConsoleLogFilter(
                MirrorEngine.get().wrapperToken(build, effectivePublish()).secret());
    }

    /** Revokes the run's token when the build (or {@code wrap} block) ends, and puts its report on the build. */
    private static final class Revoker extends Disposer {

        private static final long serialVersionUID = 2L;

        private final Secret secret;
        private final String session;

        Revoker(String secret, String session) {
            this.secret = Secret.fromString(secret);
            this.session = session;
        }

        @Override
        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener) {
            tearDown(build, listener);
        }

        @Override
        public void tearDown(Run<?, ?> build, TaskListener listener) {
            MirrorEngine engine = MirrorEngine.get();
            engine.revoke(secret.getPlainText());
            engine.endRecording(session).ifPresent(report -> DependencyReports.record(build, report, listener));
        }
    }

    @Extension
    public static class DescriptorImpl extends BuildWrapperDescriptor {

        /** The options are set only when "Override the global defaults" is ticked ({@link BuildOptions}). */
        @Override
        public PythonMirrorBuildWrapper newInstance(StaplerRequest2 req, JSONObject formData) {
            return BuildOptions.fromForm(formData).applyTo(new PythonMirrorBuildWrapper());
        }

        @Override
        public boolean isApplicable(AbstractProject<?, ?> item) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.PythonMirrorBuildWrapper_DisplayName();
        }
    }
}
