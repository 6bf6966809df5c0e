package io.jenkins.plugins.pythonmirror;

import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.report.Obtained;
import io.jenkins.plugins.pythonmirror.report.ReportDiff;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import io.jenkins.plugins.pythonmirror.report.Source;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Build page → "Python dependencies": what each {@code withPythonMirror} block (or the freestyle option) of the build
 * obtained from the mirror, what changed since the job's previous build that used the mirror, and the CycloneDX
 * SBOM (archived in the build directory). Persisted with the build; plain fields only.
 */
@ExportedBean
public class PythonDependenciesAction implements RunAction2 {

    public static final String URL_NAME = "pythonDependencies";
    /** The SBOM's file in the build directory, and its name when downloaded. */
    public static final String SBOM_FILE = "python-dependencies.cdx.json";

    private final List<Section> sections = new ArrayList<>();
    private List<Change> changes = new ArrayList<>();
    /** The build number the changes are against, or null when no earlier build used the mirror. */
    private Integer comparedWith;

    private transient Run<?, ?> run;

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return Messages.PythonDependenciesAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** {@code …/pythonDependencies/api/json} (and xml, python). */
    public Api getApi() {
        return new Api(this);
    }

    /** One section per block, in the order they ended. */
    @Exported
    public synchronized List<Section> getSections() {
        return List.copyOf(sections);
    }

    /** Added, removed and changed projects since {@link #getComparedWith()}. */
    @Exported
    public synchronized List<Change> getChanges() {
        return List.copyOf(changes);
    }

    /** How many projects changed since {@link #getComparedWith()}. */
    public synchronized int getChangeCount() {
        return changes.size();
    }

    @Exported
    public synchronized Integer getComparedWith() {
        return comparedWith;
    }

    /** "41 files, 38 from cache, 3 fetched (12.1 MB), 2 private" over the whole build. */
    @Exported
    public String getSummary() {
        return SessionReport.summary(obtained());
    }

    /** Every file of every section, each once. */
    public synchronized List<Obtained> obtained() {
        Map<String, Obtained> unique = new LinkedHashMap<>();
        for (Section s : sections) {
            for (Dependency d : s.files) {
                unique.putIfAbsent(d.sha256, d.toObtained());
            }
        }
        return new ArrayList<>(unique.values());
    }

    /** The files to keep for re-runs of this build. */
    public Set<FileKey> fileKeys() {
        return obtained().stream()
                .map(o -> new FileKey(o.sha256(), o.filename()))
                .collect(Collectors.toSet());
    }

    synchronized void add(SessionReport report) {
        sections.add(new Section(report));
    }

    synchronized void compare(Integer previousNumber, ReportDiff diff) {
        comparedWith = previousNumber;
        List<Change> all = new ArrayList<>();
        diff.added().forEach(c -> all.add(new Change("added", c)));
        diff.removed().forEach(c -> all.add(new Change("removed", c)));
        diff.changed().forEach(c -> all.add(new Change("changed", c)));
        changes = all;
    }

    /** {@code …/pythonDependencies/sbom}: the archived CycloneDX JSON. */
    public void doSbom(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        Path file = run.getRootDir().toPath().resolve(SBOM_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            rsp.sendError(404, "This build has no Python SBOM");
            return;
        }
        rsp.setContentType("application/vnd.cyclonedx+json");
        rsp.setHeader("Content-Disposition", "attachment; filename=\"" + SBOM_FILE + "\"");
        rsp.setContentLength(bytes.length);
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** What one block obtained. */
    @ExportedBean(defaultVisibility = 2)
    public static final class Section {
        private final String label;
        private final String username;
        private final long startedAt;
        private final long endedAt;
        private final List<Dependency> files;
        private final List<String> missing;
        private final boolean truncated;

        Section(SessionReport report) {
            this.label = report.label();
            this.username = report.username();
            this.startedAt = report.startedAt().toEpochMilli();
            this.endedAt = report.endedAt() == null ? 0 : report.endedAt().toEpochMilli();
            this.files = report.files().stream().map(Dependency::new).collect(Collectors.toList());
            this.missing = new ArrayList<>(report.missing());
            this.truncated = report.truncated();
        }

        /** The stage the block ran in, when known. */
        @Exported
        public String getLabel() {
            return label;
        }

        @Exported
        public String getUsername() {
            return username;
        }

        @Exported
        public long getStartedAt() {
            return startedAt;
        }

        @Exported
        public long getEndedAt() {
            return endedAt;
        }

        @Exported
        public List<Dependency> getFiles() {
            return Collections.unmodifiableList(files);
        }

        /** Projects asked for that the mirror answered 404 (missing, or hidden). */
        @Exported
        public List<String> getMissing() {
            return Collections.unmodifiableList(missing);
        }

        /** Whether the block obtained more files than one report keeps. */
        @Exported
        public boolean isTruncated() {
            return truncated;
        }

        @Exported
        public String getSummary() {
            return SessionReport.summary(
                    files.stream().map(Dependency::toObtained).toList());
        }
    }

    /** One distribution file. */
    @ExportedBean(defaultVisibility = 3)
    public static final class Dependency {
        private final String project;
        private final String version;
        private final String filename;
        private final String sha256;
        private final long size;
        private final String source;

        Dependency(Obtained o) {
            this.project = o.project();
            this.version = o.version();
            this.filename = o.filename();
            this.sha256 = o.sha256();
            this.size = o.size();
            this.source = o.source().label();
        }

        Obtained toObtained() {
            return new Obtained(
                    project, version, filename, sha256, size, Source.valueOf(source.toUpperCase(Locale.ROOT)));
        }

        @Exported
        public String getProject() {
            return project;
        }

        @Exported
        public String getVersion() {
            return version;
        }

        @Exported
        public String getFilename() {
            return filename;
        }

        @Exported
        public String getSha256() {
            return sha256;
        }

        /** The first 12 hex digits, for the table (the full hash shows on hover). */
        public String getShortSha256() {
            return sha256.substring(0, Math.min(12, sha256.length()));
        }

        @Exported
        public long getSize() {
            return size;
        }

        public String getSizeText() {
            return size < 0 ? "?" : Quantities.formatSize(size);
        }

        /** {@code cache}, {@code upstream} or {@code private}. */
        @Exported
        public String getSource() {
            return source;
        }
    }

    /** One project that changed since the compared build. */
    @ExportedBean(defaultVisibility = 2)
    public static final class Change {
        private final String kind;
        private final String project;
        private final String before;
        private final String after;

        Change(String kind, ReportDiff.Change c) {
            this.kind = kind;
            this.project = c.project();
            this.before = c.before();
            this.after = c.after();
        }

        /** {@code added}, {@code removed} or {@code changed}. */
        @Exported
        public String getKind() {
            return kind;
        }

        @Exported
        public String getProject() {
            return project;
        }

        @Exported
        public String getBefore() {
            return before;
        }

        @Exported
        public String getAfter() {
            return after;
        }
    }
}
