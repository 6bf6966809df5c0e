package io.jenkins.plugins.pythonmirror;

import hudson.EnvVars;
import hudson.Extension;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.pythonmirror.build.BuildToken;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code withPythonMirror { … }}: points pip, uv, pipenv, pdm (and, with {@code publish: true}, twine, uv, pdm,
 * poetry publishing) at the controller's mirror with a token valid for this block only. Needs no workspace, so
 * Declarative {@code options { withPythonMirror() }} accepts it.
 */
public class WithPythonMirrorStep extends Step implements BuildOptions.Holder {

    private static final Logger LOGGER = Logger.getLogger(WithPythonMirrorStep.class.getName());

    private Boolean findLinks;
    private Boolean publish;

    @DataBoundConstructor
    public WithPythonMirrorStep() {}

    public Boolean getFindLinks() {
        return findLinks;
    }

    /** Also set {@code PIP_FIND_LINKS}/{@code UV_FIND_LINKS}; unset means the global default. */
    @Override
    @DataBoundSetter
    public void setFindLinks(Boolean findLinks) {
        this.findLinks = findLinks;
    }

    public Boolean getPublish() {
        return publish;
    }

    /** Also set the upload variables and let the token upload; unset means the global default. */
    @Override
    @DataBoundSetter
    public void setPublish(Boolean publish) {
        this.publish = publish;
    }

    @Override
    public StepExecution start(StepContext context) {
        PythonMirrorConfiguration config = PythonMirrorConfiguration.get();
        return new Execution(
                context,
                findLinks != null ? findLinks : config.isFindLinksByDefault(),
                publish != null ? publish : config.isPublishByDefault());
    }

    private static final class Execution extends StepExecution {

        private static final long serialVersionUID = 1L;

        private final boolean findLinks;
        private final boolean publish;
        // The token, kept to reinstate it if the controller restarts while the block runs (tokens live in memory).
        private String username;
        private Secret secret;
        private String buildId;
        private long expiresAtMillis;
        private String session;
        private String label;

        Execution(StepContext context, boolean findLinks, boolean publish) {
            super(context);
            this.findLinks = findLinks;
            this.publish = publish;
        }

        @Override
        public boolean start() throws Exception {
            StepContext context = getContext();
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            EnvVars env = context.get(EnvVars.class);
            label = env == null ? null : env.get("STAGE_NAME");
            MirrorEngine.Session session = MirrorEngine.get().startSession(run, findLinks, publish, label);
            BuildToken token = session.token();
            username = token.username();
            secret = Secret.fromString(token.secret());
            buildId = token.buildId();
            expiresAtMillis = token.expiresAt().toEpochMilli();
            this.session = token.session();
            listener.getLogger()
                    .println(Messages.WithPythonMirrorStep_Using(
                            session.environment().publicValues().get("PYTHON_MIRROR_URL"),
                            String.join(", ", session.environment().all().keySet()),
                            token.expiresAt()));
            context.newBodyInvoker()
                    .withContexts(
                            EnvironmentExpander.merge(
                                    context.get(EnvironmentExpander.class),
                                    new SecretEnvironmentExpander(
                                            session.environment().publicValues(),
                                            session.environment().secretValues())),
                            BodyInvoker.mergeConsoleLogFilters(
                                    context.get(ConsoleLogFilter.class), new MaskingConsoleLogFilter(token.secret())))
                    .withCallback(new Revoke(secret, token.session()))
                    .start();
            return false;
        }

        @Override
        public void onResume() {
            if (secret != null) {
                BuildToken token = new BuildToken(
                        username,
                        secret.getPlainText(),
                        buildId,
                        publish,
                        Instant.ofEpochMilli(expiresAtMillis),
                        session);
                MirrorEngine engine = MirrorEngine.get();
                engine.tokens().reinstate(token);
                // The recording lives in memory: after a restart the report covers what the block obtains from now.
                engine.beginRecording(token, label);
            }
        }
    }

    /** Revokes the token when the block ends, however it ends, and puts the block's report on the build. */
    private static final class Revoke extends BodyExecutionCallback.TailCall {

        private static final long serialVersionUID = 2L;

        private final Secret secret;
        private final String session;

        Revoke(Secret secret, String session) {
            this.secret = secret;
            this.session = session;
        }

        @Override
        protected void finished(StepContext context) {
            MirrorEngine engine = MirrorEngine.get();
            engine.revoke(secret.getPlainText());
            Optional<SessionReport> report = engine.endRecording(session);
            if (report.isEmpty()) {
                return;
            }
            try {
                // A report that cannot be recorded is logged there; it never fails the build.
                DependencyReports.record(context.get(Run.class), report.get(), context.get(TaskListener.class));
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.WARNING, "No Python dependency report: the build is gone", e);
            }
        }
    }

    @Extension(optional = true)
    public static class DescriptorImpl extends StepDescriptor {

        /** The options are set only when "Override the global defaults" is ticked ({@link BuildOptions}). */
        @Override
        public WithPythonMirrorStep newInstance(StaplerRequest2 req, JSONObject formData) {
            return BuildOptions.fromForm(formData).applyTo(new WithPythonMirrorStep());
        }

        @Override
        public String getFunctionName() {
            return "withPythonMirror";
        }

        @Override
        public String getDisplayName() {
            return Messages.WithPythonMirrorStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // Never Launcher or FilePath: Declarative options {} refuses steps that need them.
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }
    }
}
