package io.jenkins.plugins.pythonmirror.testkit;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A file served by {@link FakePyPI}; the fluent options change what the project page says about it (each one counts
 * as a change of the project: serial, ETag and Last-Modified move).
 */
public final class FileHandle {

    /** PEP 700 upload-time format. */
    static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final FakePyPI owner;
    private final String project;
    private final String filename;
    private final byte[] content;
    private final String sha256;
    private final String path;
    private volatile String requiresPython;
    private volatile String yanked;
    private volatile byte[] metadata;
    private volatile String advertisedSha256;
    private volatile String uploadTime;

    FileHandle(FakePyPI owner, String project, String filename, byte[] content) {
        this.owner = owner;
        this.project = project;
        this.filename = filename;
        this.content = content.clone();
        this.sha256 = Hashes.sha256Hex(content);
        this.path = "/packages/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256.substring(4, 16)
                + "/" + filename;
        this.uploadTime = UPLOAD_TIME.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Sets {@code data-requires-python} / {@code requires-python}. */
    public FileHandle requiresPython(String specifier) {
        this.requiresPython = specifier;
        return changed();
    }

    /** Marks the file yanked (PEP 592); an empty reason gives a bare {@code data-yanked} / {@code true}. */
    public FileHandle yanked(String reasonOrEmpty) {
        this.yanked = reasonOrEmpty == null ? "" : reasonOrEmpty;
        return changed();
    }

    /** Un-yanks the file again. */
    public FileHandle unyanked() {
        this.yanked = null;
        return changed();
    }

    /** Serves {@code <file-url>.metadata} (PEP 658) and advertises it with its sha256 (PEP 714 and legacy keys). */
    public FileHandle withMetadata(byte[] metadataFileBytes) {
        this.metadata = metadataFileBytes.clone();
        return changed();
    }

    /** Advertises this sha256 instead of the real one (for corruption tests); the served bytes stay as they are. */
    public FileHandle advertisedSha256(String hex) {
        this.advertisedSha256 = hex;
        return changed();
    }

    /** Sets the PEP 700 upload-time string verbatim. */
    public FileHandle uploadTime(String uploadTime) {
        this.uploadTime = uploadTime;
        return changed();
    }

    private FileHandle changed() {
        owner.touch(project);
        return this;
    }

    public String project() {
        return project;
    }

    public String filename() {
        return filename;
    }

    /** The real sha256 of the served bytes. */
    public String sha256() {
        return sha256;
    }

    /** The sha256 that pages advertise: the real one unless {@link #advertisedSha256(String)} lied. */
    public String pageSha256() {
        String lie = advertisedSha256;
        return lie != null ? lie : sha256;
    }

    /** Server path of the file, {@code /packages/ab/cd/<12 hex>/<filename>}. */
    public String path() {
        return path;
    }

    /** Absolute URL of the file on the fake server. */
    public URI url() {
        return owner.baseUrl().resolve(path);
    }

    public int size() {
        return content.length;
    }

    byte[] content() {
        return content;
    }

    String requiresPythonValue() {
        return requiresPython;
    }

    String yankedValue() {
        return yanked;
    }

    byte[] metadataValue() {
        return metadata;
    }

    String uploadTimeValue() {
        return uploadTime;
    }
}
