package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The environment every client process gets. This machine pre-configures pip ({@code PIP_FIND_LINKS}, user and global
 * pip.conf with find-links, extra-index-url and constraints): without this, a test can pass without ever reaching the
 * server under test.
 */
public final class ClientEnvironment {

    /** Variables of these prefixes are dropped from the inherited environment. */
    private static final List<String> DROPPED_PREFIXES =
            List.of("PIP_", "PIPENV_", "PDM_", "POETRY_", "TWINE_", "UV_", "VIRTUALENV_", "PYTHON", "XDG_");

    private static final List<String> DROPPED = List.of("VIRTUAL_ENV", "CONDA_PREFIX", "PYENV_VERSION");

    private ClientEnvironment() {}

    /** Rewrites {@code env} in place: inherited Python-tool settings removed, isolation settings added. */
    public static void isolate(Map<String, String> env, Path home) {
        env.keySet()
                .removeIf(k -> DROPPED.contains(k) || DROPPED_PREFIXES.stream().anyMatch(k::startsWith));
        Path config = home.resolve(".config");
        Path cache = home.resolve(".cache");
        Path data = home.resolve(".local/share");
        try {
            Files.createDirectories(config);
            Files.createDirectories(cache);
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
        env.put("XDG_DATA_HOME", data.toString());
        // pip skips every config file (global, user, site) when PIP_CONFIG_FILE is os.devnull; --isolated is not
        // enough.
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_NO_CACHE_DIR", "1");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PIP_NO_INPUT", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PDM_CHECK_UPDATE", "false");
        env.put("PIPENV_VENV_IN_PROJECT", "1");
        env.put("PIPENV_YES", "1");
        env.put("PIPENV_NOSPIN", "1");
        env.put("PIPENV_IGNORE_VIRTUALENVS", "1");
        env.put("VIRTUALENV_NO_PERIODIC_UPDATE", "1");
        env.put("POETRY_VIRTUALENVS_IN_PROJECT", "true");
    }
}
