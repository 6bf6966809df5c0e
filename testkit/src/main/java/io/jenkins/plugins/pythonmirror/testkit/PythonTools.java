package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the real Python clients of this machine, isolated from its pip configuration (see {@link ClientEnvironment}):
 * every process gets a fresh HOME/XDG tree under the directory given to the constructor and no inherited pip, pdm,
 * pipenv, poetry, twine or uv settings. A missing tool fails with the apt package that provides it.
 */
public final class PythonTools {

    /** Debian's interpreter, used for pipenv and Debian venvs. */
    public static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private final Path home;
    private Duration timeout = Duration.ofMinutes(5);

    /** Uses {@code tempDir/home} as HOME (and XDG dirs below it) for every process. */
    public PythonTools(Path tempDir) {
        this.home = tempDir.resolve("home");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Default timeout of the convenience methods (5 minutes unless changed). */
    public PythonTools timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public Path home() {
        return home;
    }

    /**
     * Runs a command in {@code workDir} with the isolated environment plus {@code extraEnv} (a null value removes the
     * variable); kills it on timeout.
     */
    public ProcessResult run(Path workDir, Map<String, String> extraEnv, Duration timeout, String... command) {
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        ClientEnvironment.isolate(pb.environment(), home);
        extraEnv.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close(); // clients never wait for input
        } catch (IOException ignored) {
            // the process may already be gone; its output tells why
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String out = output.get(10, TimeUnit.SECONDS);
            return new ProcessResult(Arrays.asList(command), timedOut ? -1 : process.exitValue(), out, timedOut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<output unreadable: " + e + ">";
        }
    }

    private ProcessResult run(Path workDir, Map<String, String> extraEnv, List<String> command) {
        return run(workDir, extraEnv, timeout, command.toArray(String[]::new));
    }

    // ---- tool discovery ----

    /** Whether a tool is usable here: {@code python3}, {@code debian-venv}, {@code build}, or a command name. */
    public static boolean has(String tool) {
        return Tools.has(tool);
    }

    /** Fails (never skips) with the apt package to install when the tool is missing. */
    public static void require(String tool) {
        Tools.require(tool);
    }

    // ---- convenience ----

    /** Creates a venv with pyenv's {@code python3} (3.11, pip 23.2.1) and returns its directory. */
    public Path venv(Path dir) {
        require("python3");
        run(home, Map.of(), List.of(Tools.pyenvPython(), "-m", "venv", dir.toString()))
                .assertSuccess();
        return dir;
    }

    /** Creates a venv with Debian's {@code /usr/bin/python3} (pip 23.0.1) and returns its directory. */
    public Path debianVenv(Path dir) {
        require("debian-venv");
        run(home, Map.of(), List.of(DEBIAN_PYTHON, "-m", "venv", dir.toString()))
                .assertSuccess();
        return dir;
    }

    /** {@code <venv>/bin/pip install --index-url URL args…}. */
    public ProcessResult pipInstall(Path venv, String indexUrl, String... args) {
        return pip(venv, "install", indexUrl, args);
    }

    /**
     * {@code <venv>/bin/pip install --index-url URL args…} with pip's own HTTP cache on in {@code cacheDir} (the other
     * helpers turn it off), as on a CI agent that keeps {@code ~/.cache/pip} between builds. pip caches plain-http
     * answers only from a trusted host, so the index's host is trusted, as the Jenkins plugin's
     * {@code PIP_TRUSTED_HOST} does for a plain-http Jenkins URL.
     */
    public ProcessResult pipInstallWithCache(Path venv, String indexUrl, Path cacheDir, String... args) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("PIP_NO_CACHE_DIR", null);
        env.put("PIP_CACHE_DIR", cacheDir.toString());
        java.net.URI uri = java.net.URI.create(indexUrl);
        env.put("PIP_TRUSTED_HOST", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        List<String> command =
                new ArrayList<>(List.of(venv.resolve("bin/pip").toString(), "install", "--index-url", indexUrl));
        command.addAll(List.of(args));
        return run(home, env, command);
    }

    /** {@code <venv>/bin/pip download --index-url URL --dest destDir args…}. */
    public ProcessResult pipDownload(Path venv, String indexUrl, Path destDir, String... args) {
        List<String> all = new ArrayList<>(List.of("--dest", destDir.toString()));
        all.addAll(List.of(args));
        return pip(venv, "download", indexUrl, all.toArray(String[]::new));
    }

    /** {@code <venv>/bin/pip <subcommand> args…} with the isolated environment (e.g. {@code "config", "debug"}). */
    public ProcessResult pip(Path venv, String... args) {
        List<String> command = new ArrayList<>(List.of(venv.resolve("bin/pip").toString()));
        command.addAll(List.of(args));
        return run(home, Map.of(), command);
    }

    /** {@code <venv>/bin/python -c code}, for checking what an install really put into the venv. */
    public ProcessResult pythonCode(Path venv, String code) {
        return run(home, Map.of(), List.of(venv.resolve("bin/python").toString(), "-c", code));
    }

    private ProcessResult pip(Path venv, String subcommand, String indexUrl, String... args) {
        List<String> command =
                new ArrayList<>(List.of(venv.resolve("bin/pip").toString(), subcommand, "--index-url", indexUrl));
        command.addAll(List.of(args));
        return run(home, Map.of(), command);
    }

    /**
     * Runs {@code pipenv args…} in {@code projectDir} against {@code indexUrl} ({@code PIPENV_PYPI_MIRROR}), creating
     * its venv in the project with Debian's python3 ({@code PIPENV_DEFAULT_PYTHON_VERSION}).
     */
    public ProcessResult pipenv(Path projectDir, String indexUrl, String... args) {
        require("pipenv");
        List<String> command = new ArrayList<>(List.of("pipenv"));
        command.addAll(List.of(args));
        return run(
                projectDir,
                Map.of("PIPENV_PYPI_MIRROR", indexUrl, "PIPENV_DEFAULT_PYTHON_VERSION", DEBIAN_PYTHON),
                command);
    }

    /** Runs {@code pdm args…} in {@code projectDir} against {@code indexUrl} ({@code PDM_PYPI_URL}). */
    public ProcessResult pdm(Path projectDir, String indexUrl, String... args) {
        require("pdm");
        List<String> command = new ArrayList<>(List.of("pdm"));
        command.addAll(List.of(args));
        return run(projectDir, Map.of("PDM_PYPI_URL", indexUrl), command);
    }

    /** {@code twine upload --non-interactive --repository-url URL -u USER -p PASSWORD files…}. */
    public ProcessResult twineUpload(String repoUrl, String user, String password, Path... files) {
        require("twine");
        List<String> command = new ArrayList<>(List.of(
                "twine", "upload", "--non-interactive", "--repository-url", repoUrl, "-u", user, "-p", password));
        for (Path f : files) {
            command.add(f.toString());
        }
        return run(home, Map.of(), command);
    }

    /** Builds sdist and wheel of {@code srcDir} with Debian's {@code python3 -m build --no-isolation}; returns outDir. */
    public Path buildProject(Path srcDir, Path outDir) {
        require("build");
        run(
                        srcDir,
                        Map.of(),
                        List.of(DEBIAN_PYTHON, "-m", "build", "--no-isolation", "--outdir", outDir.toString(), "."))
                .assertSuccess();
        return outDir;
    }
}
