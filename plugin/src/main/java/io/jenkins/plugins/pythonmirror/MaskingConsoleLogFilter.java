package io.jenkins.plugins.pythonmirror;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.pythonmirror.build.MaskingOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Masks the build token in the console; persisted with a Pipeline program, so the token is kept as a
 * {@link Secret}. Ignores {@code build}, as {@code SimpleBuildWrapper.createLoggerDecorator} requires.
 */
final class MaskingConsoleLogFilter extends ConsoleLogFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Secret token;

    MaskingConsoleLogFilter(String token) {
        this.token = Secret.fromString(token);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new MaskingOutputStream(logger, List.of(token.getPlainText()));
    }
}
