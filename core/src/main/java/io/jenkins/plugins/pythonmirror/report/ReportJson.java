package io.jenkins.plugins.pythonmirror.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A {@link SessionReport} as JSON: what {@code GET api/sessions/<id>/report} answers and what the data directory keeps
 * of an ended session. Field names are the API's ({@code name} for the normalized project name); instants are ISO-8601
 * strings.
 */
public final class ReportJson {

    private ReportJson() {}

    /** One file of the report. */
    public record FileDocument(String name, String version, String filename, String sha256, long size, String source) {}

    /** The whole report. */
    public record Document(
            String id,
            String username,
            String label,
            String startedAt,
            String endedAt,
            String summary,
            boolean truncated,
            List<FileDocument> files,
            List<String> missing) {}

    public static Document document(SessionReport r) {
        return new Document(
                r.id(),
                r.username(),
                r.label(),
                r.startedAt().toString(),
                r.endedAt() == null ? null : r.endedAt().toString(),
                r.summary(),
                r.truncated(),
                r.files().stream()
                        .map(f -> new FileDocument(
                                f.project(),
                                f.version(),
                                f.filename(),
                                f.sha256(),
                                f.size(),
                                f.source().label()))
                        .toList(),
                r.missing());
    }

    /** The report a document describes. */
    public static SessionReport report(Document d) {
        return new SessionReport(
                d.id(),
                d.username(),
                d.label(),
                Instant.parse(d.startedAt()),
                d.endedAt() == null ? null : Instant.parse(d.endedAt()),
                d.files() == null
                        ? List.of()
                        : d.files().stream()
                                .map(f -> new Obtained(
                                        f.name(),
                                        f.version(),
                                        f.filename(),
                                        f.sha256(),
                                        f.size(),
                                        Source.valueOf(f.source().toUpperCase(Locale.ROOT))))
                                .toList(),
                d.missing() == null ? List.of() : d.missing(),
                d.truncated());
    }
}
