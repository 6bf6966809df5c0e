package io.jenkins.plugins.pythonmirror.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reports of ended sessions, kept in {@code state/sessions/<id>.json} so that they outlive a restart, until they are
 * swept. Each file is written atomically ({@link DataDir#writeAtomically}); only its creator and end time are held
 * in memory, the report is read from disk when asked for, so memory does not grow with the reports' sizes.
 *
 * <pre>
 * {"format": 1, "creator": "ci", "endedAt": "2026-12-05T10:00:00Z", "report": {…as GET api/sessions/&lt;id&gt;/report…}}
 * </pre>
 */
public final class EndedReports {

    private static final Logger LOG = Logger.getLogger(EndedReports.class.getName());
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Session ids are URL-safe base64 with a prefix: safe as file names. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** One file; {@code creator} and {@code endedAt} come first, so {@link #open} reads only them. */
    @JsonPropertyOrder({"format", "creator", "endedAt", "report"})
    record Stored(int format, String creator, String endedAt, ReportJson.Document report) {}

    /** What is kept in memory of one ended session. */
    private record Entry(String creator, Instant endedAt) {}

    private final DataDir dataDir;
    private final Map<String, Entry> index = new ConcurrentHashMap<>();

    private EndedReports(DataDir dataDir) {
        this.dataDir = dataDir;
    }

    /** Reads the creator and end time of every kept report; an unreadable file is logged and left alone. */
    public static EndedReports open(DataDir dataDir) throws IOException {
        EndedReports reports = new EndedReports(dataDir);
        Path dir = reports.dir();
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                try {
                    reports.index.put(id, readEntry(file));
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Ignoring the unreadable session report " + file + ": " + e.getMessage());
                }
            }
        }
        return reports;
    }

    private Path dir() {
        return dataDir.state().resolve("sessions");
    }

    private Path file(String id) {
        return dir().resolve(id + ".json");
    }

    /** Keeps the ended {@code report} of a session {@code creator} started. */
    public void save(String creator, SessionReport report) throws IOException {
        if (!ID.matcher(report.id()).matches() || report.endedAt() == null) {
            throw new IllegalArgumentException("Not an ended session with a safe id: " + report.id());
        }
        Stored stored = new Stored(1, creator, report.endedAt().toString(), ReportJson.document(report));
        dataDir.writeAtomically(file(report.id()), JSON.writeValueAsBytes(stored));
        index.put(report.id(), new Entry(creator, report.endedAt()));
    }

    /** Who started session {@code id}, if its report is kept. */
    public Optional<String> creator(String id) {
        Entry e = id == null ? null : index.get(id);
        return e == null ? Optional.empty() : Optional.of(e.creator());
    }

    /** The kept report of session {@code id}. */
    public Optional<SessionReport> report(String id) throws IOException {
        if (id == null || !index.containsKey(id)) {
            return Optional.empty();
        }
        try {
            Stored stored = JSON.readValue(file(id).toFile(), Stored.class);
            return Optional.of(ReportJson.report(stored.report()));
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            index.remove(id); // swept meanwhile
            return Optional.empty();
        }
    }

    /** Removes the reports of sessions that ended before {@code cutoff}; returns how many. */
    public int sweep(Instant cutoff) throws IOException {
        int removed = 0;
        for (Map.Entry<String, Entry> e : index.entrySet()) {
            if (e.getValue().endedAt().isBefore(cutoff)) {
                index.remove(e.getKey());
                Files.deleteIfExists(file(e.getKey()));
                removed++;
            }
        }
        return removed;
    }

    /** How many reports are kept. */
    public int size() {
        return index.size();
    }

    /** Reads the top-level {@code creator} and {@code endedAt} of one file, skipping the report itself. */
    private static Entry readEntry(Path file) throws IOException {
        String creator = null;
        String endedAt = null;
        try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME && (creator == null || endedAt == null)) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("creator") && value == JsonToken.VALUE_STRING) {
                    creator = p.getText();
                } else if (field.equals("endedAt") && value == JsonToken.VALUE_STRING) {
                    endedAt = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        if (creator == null || endedAt == null) {
            throw new IOException("no creator or endedAt");
        }
        return new Entry(creator, Instant.parse(endedAt));
    }
}
