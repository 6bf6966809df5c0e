package io.jenkins.plugins.pythonmirror.simple;

import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Version;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a JSON project page may claim under PEP 700 (simple API 1.1): {@code versions}, a {@code size} for every
 * file, and {@code upload-time} in one fixed UTC format. A page that cannot honour 1.1 (an HTML upstream gave no
 * sizes and the mirror has not stored the file) says {@code 1.0} instead of claiming what it lacks.
 */
public final class Pep700 {

    /** The API version of a JSON page whose every file has a size and a listed version. */
    public static final String FULL = "1.1";
    /** The API version of a JSON page that cannot honour PEP 700. */
    public static final String BASE = "1.0";

    // PEP 700: yyyy-mm-ddThh:mm:ss.ffffffZ, UTC, the fraction optional with at most 6 digits.
    private static final Pattern UPLOAD_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Pep700() {}

    /**
     * {@code value} in PEP 700's upload-time format, or null when it is no date-time. Values already in that format
     * are kept as written; other ISO 8601 forms (an offset such as {@code +00:00}, a space for {@code T}, no zone,
     * taken as UTC) are converted to UTC with {@code Z}.
     */
    public static String uploadTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Instant instant;
        try {
            if (UPLOAD_TIME.matcher(v).matches()) {
                Instant.parse(v); // rejects impossible dates such as 2023-02-30
                return v;
            }
            String iso = v.length() > 10 && v.charAt(10) == ' ' ? v.substring(0, 10) + 'T' + v.substring(11) : v;
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                instant = OffsetDateTime.parse(iso.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2"))
                        .toInstant();
            } else {
                instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            return null;
        }
        instant = instant.truncatedTo(ChronoUnit.MICROS);
        return (instant.getNano() == 0 ? SECONDS : MICROS).format(instant);
    }

    /**
     * PEP 700 {@code versions}: the upstream's list and the version of every file, each once (PEP 440 versions in
     * normal form and order, others as written after them), so that every file is tied to a listed version.
     */
    public static List<String> versions(ProjectName project, List<String> listed, List<FileEntry> files) {
        Map<Version, String> ordered = new TreeMap<>();
        Set<String> legacy = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>(); // one pass, each spelling parsed once: pages may be huge
        java.util.function.Consumer<String> add = s -> {
            if (seen.add(s)) {
                if (Version.isValid(s)) {
                    Version v = Version.parse(s);
                    ordered.putIfAbsent(v, v.toString());
                } else {
                    legacy.add(s);
                }
            }
        };
        listed.forEach(add);
        for (FileEntry f : files) {
            DistributionFilename.versionAsWritten(f.filename(), project).ifPresent(add);
        }
        List<String> versions = new ArrayList<>(ordered.values());
        versions.addAll(legacy);
        return versions;
    }

    /**
     * PEP 700 {@code versions} and the page's API version (see {@link #apiVersion}) in one pass over {@code files}:
     * for a page streamed from disk each pass reads the whole page again.
     *
     * @param project the project the page is of (its name is valid by construction)
     */
    public static Facts facts(ProjectName project, List<String> listed, List<FileEntry> files) {
        boolean[] full = {true};
        List<FileEntry> checked = new java.util.AbstractList<>() {
            @Override
            public FileEntry get(int index) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int size() {
                return files.size();
            }

            @Override
            public java.util.Iterator<FileEntry> iterator() {
                java.util.Iterator<FileEntry> it = files.iterator();
                return new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public FileEntry next() {
                        FileEntry f = it.next();
                        // Every file's version goes into versions (below), so only size and a version are checked.
                        if (f.size() == null
                                || DistributionFilename.versionAsWritten(f.filename(), project)
                                        .isEmpty()) {
                            full[0] = false;
                        }
                        return f;
                    }
                };
            }
        };
        List<String> versions = versions(project, listed, checked);
        return new Facts(versions, full[0] ? FULL : BASE);
    }

    /** What {@link #facts} finds. */
    public record Facts(List<String> versions, String apiVersion) {}

    /**
     * {@link #FULL} when the page can honour PEP 700: it names its project, every file has a size and a version in
     * {@code versions}; else {@link #BASE}.
     */
    public static String apiVersion(ProjectPage page) {
        if (page.name() == null || !ProjectName.isValid(page.name())) {
            return BASE;
        }
        ProjectName project = ProjectName.parse(page.name());
        Set<Object> listed = new java.util.HashSet<>();
        for (String v : page.versions()) {
            listed.add(Version.isValid(v) ? Version.parse(v) : v);
        }
        for (FileEntry f : page.files()) {
            if (f.size() == null) {
                return BASE;
            }
            Optional<String> v = DistributionFilename.versionAsWritten(f.filename(), project);
            if (v.isEmpty() || !listed.contains(Version.isValid(v.get()) ? Version.parse(v.get()) : v.get())) {
                return BASE;
            }
        }
        return FULL;
    }

    /**
     * {@code fetched} with the sizes and upload times that {@code previous} (an earlier answer for the same project,
     * e.g. from a JSON upstream) gave for the same files (same name and sha256) where {@code fetched} has none, as
     * an HTML upstream never gives them.
     */
    public static ProjectPage withKnownFileFacts(ProjectPage fetched, ProjectPage previous) {
        if (previous == null || previous.files().isEmpty()) {
            return fetched;
        }
        Map<String, FileEntry> before = new HashMap<>();
        for (FileEntry f : previous.files()) {
            before.put(f.filename(), f);
        }
        boolean changed = false;
        List<FileEntry> files = new ArrayList<>(fetched.files().size());
        for (FileEntry f : fetched.files()) {
            FileEntry old = before.get(f.filename());
            if (old != null
                    && f.sha256() != null
                    && f.sha256().equals(old.sha256())
                    && ((f.size() == null && old.size() != null)
                            || (f.uploadTime() == null && old.uploadTime() != null))) {
                f = f.toBuilder()
                        .size(f.size() != null ? f.size() : old.size())
                        .uploadTime(f.uploadTime() != null ? f.uploadTime() : old.uploadTime())
                        .build();
                changed = true;
            }
            files.add(f);
        }
        return changed ? fetched.withFiles(files) : fetched;
    }
}
