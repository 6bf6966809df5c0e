package io.jenkins.plugins.pythonmirror.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Mutable per-project state of {@link FakePyPI}, guarded by the FakePyPI instance. */
final class ProjectState {
    final String name;
    final String normalized;
    final Map<String, FileHandle> files = new LinkedHashMap<>();
    long serial;
    long lastModifiedMillis;

    ProjectState(String name) {
        this.name = name;
        this.normalized = Hashes.normalize(name);
    }
}
