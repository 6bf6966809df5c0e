package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Finds the real clients and names the apt package of a missing one. */
final class Tools {

    private static final Map<String, String> PACKAGES = Map.of(
            "python3", "pyenv's Python 3.11 (or Debian python3)",
            "debian-venv", "python3-venv",
            "build", "python3-build",
            "pipenv", "pipenv",
            "pdm", "python3-pdm",
            "poetry", "python3-poetry",
            "twine", "twine",
            "tox", "tox",
            "virtualenv", "virtualenv");

    private static final Map<String, Boolean> FOUND = new ConcurrentHashMap<>();
    private static volatile String pyenvPython;

    private Tools() {}

    static boolean has(String tool) {
        return FOUND.computeIfAbsent(tool, Tools::probe);
    }

    static void require(String tool) {
        if (!has(tool)) {
            String pkg = PACKAGES.getOrDefault(tool, tool);
            throw new AssertionError(tool + " is not installed on this machine: install the apt package " + pkg
                    + " (.ci/run installs it; see shared/client-notes.md). Tests needing it fail rather than skip.");
        }
    }

    /** The real interpreter behind the {@code python3} on PATH (resolved once: pyenv shims need the real HOME). */
    static String pyenvPython() {
        require("python3");
        return pyenvPython;
    }

    private static boolean probe(String tool) {
        return switch (tool) {
            case "python3" -> probePython();
            case "debian-venv" -> exitsZero(PythonTools.DEBIAN_PYTHON, "-c", "import venv, ensurepip");
            case "build" -> exitsZero(PythonTools.DEBIAN_PYTHON, "-c", "import build, setuptools, wheel");
            default -> onPath(tool);
        };
    }

    private static boolean probePython() {
        String out = output("python3", "-c", "import sys, venv; print(sys.executable)");
        if (out == null || out.isBlank()) {
            return false;
        }
        pyenvPython = out.strip();
        return true;
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean exitsZero(String... command) {
        return output(command) != null;
    }

    /** Stdout of a short probe run with the machine's own environment, or null if it failed. */
    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
