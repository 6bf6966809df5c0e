package io.jenkins.plugins.pythonmirror;

import hudson.EnvVars;
import hudson.util.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * Adds the mirror variables to a Pipeline block. Persisted with the program, so the values holding the token are
 * kept as {@link Secret}s ({@code EnvironmentExpander.constant} would store them in plain text).
 */
final class SecretEnvironmentExpander extends EnvironmentExpander {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> publicValues;
    private final Map<String, Secret> secretValues = new LinkedHashMap<>();

    SecretEnvironmentExpander(Map<String, String> publicValues, Map<String, String> secretValues) {
        this.publicValues = new LinkedHashMap<>(publicValues);
        secretValues.forEach((k, v) -> this.secretValues.put(k, Secret.fromString(v)));
    }

    @Override
    public void expand(EnvVars env) {
        env.overrideAll(publicValues);
        secretValues.forEach((k, v) -> env.override(k, v.getPlainText()));
    }

    /** Lets Pipeline warn when a script interpolates one of these into a Groovy string. */
    @Override
    public Set<String> getSensitiveVariables() {
        return Set.copyOf(secretValues.keySet());
    }
}
