package io.jenkins.plugins.pythonmirror.upload;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.pep.CoreMetadata;
import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.SdistFilename;
import io.jenkins.plugins.pythonmirror.pep.Version;
import io.jenkins.plugins.pythonmirror.pep.WheelFilename;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateFile;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateIndex;
import io.jenkins.plugins.pythonmirror.privateindex.PrivatePackages;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The legacy upload API ({@code POST upload/}, as PyPI's {@code upload.pypi.org/legacy/}): checks everything
 * before anything is stored, then publishes the file in the private index.
 *
 * <p>Checks, in order, each failing with a one-line 400: multipart body; {@code :action=file_upload}; {@code
 * protocol_version} 1 if given; {@code name}, {@code version}, {@code filetype} and the {@code content} file part
 * present; a valid project name and PEP 440 version; a safe filename of the kind {@code filetype} says ({@code
 * bdist_wheel}: {@code .whl}; {@code sdist}: {@code .tar.gz} or {@code .zip}) naming the same project and version;
 * the size under the limit (counted while streaming); at least one of {@code sha256_digest}, {@code
 * blake2_256_digest}, {@code md5_digest} and every one given matching; the archive sound, with its METADATA
 * (wheel) or PKG-INFO (sdist) naming the same project and version. Permission is checked as soon as the form's
 * name is known, before the file's bytes are read.
 *
 * <p>A name not yet private that the mirror has already served from upstream can only be claimed by an admin:
 * claiming hides the public releases from everyone.
 */
public final class Uploads {

    private static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final PrivatePackages privates;
    private final DataDir dataDir;
    private final long maxUploadBytes;
    private final Predicate<ProjectName> servedFromUpstream;
    private final Clock clock;

    /**
     * @param servedFromUpstream whether the mirror has served public files of a name (then only an admin may make
     *     it private by uploading)
     */
    public Uploads(
            PrivatePackages privates,
            DataDir dataDir,
            long maxUploadBytes,
            Predicate<ProjectName> servedFromUpstream,
            Clock clock) {
        this.privates = privates;
        this.dataDir = dataDir;
        this.maxUploadBytes = maxUploadBytes;
        this.servedFromUpstream = servedFromUpstream;
        this.clock = clock;
    }

    /** The outcome of a successful upload. */
    public record Result(ProjectName project, PrivateFile file, PrivateIndex.Added added) {}

    /** Validates and stores one upload from {@code caller}. */
    public Result upload(MirrorRequest request, Caller caller) throws IOException {
        if (caller.isAnonymous()) {
            // Nobody uploads anonymously; answer before reading the body.
            throw new MirrorException.Denied(401, "Authentication required to upload");
        }
        try (UploadForm form = UploadForm.parse(request, dataDir, maxUploadBytes, fields -> {
            String name = first(fields, "name");
            if (name != null && ProjectName.isValid(name)) {
                checkPermission(caller, ProjectName.parse(name));
            }
        })) {
            return store(form, caller);
        }
    }

    private Result store(UploadForm form, Caller caller) throws IOException {
        String action = form.field(":action");
        if (action == null) {
            throw new UploadRejected("Missing ':action' field (expected 'file_upload')");
        }
        if (!action.equals("file_upload")) {
            throw new UploadRejected("Unsupported ':action' '" + action + "' (only 'file_upload' is supported)");
        }
        String protocol = form.field("protocol_version");
        if (protocol != null && !protocol.equals("1")) {
            throw new UploadRejected("Unsupported protocol_version '" + protocol + "' (expected 1)");
        }
        String name = required(form, "name");
        String versionField = required(form, "version");
        String filetype = required(form, "filetype");
        if (form.file() == null) {
            throw new UploadRejected("Missing the 'content' file part");
        }
        if (!ProjectName.isValid(name)) {
            throw new UploadRejected("Invalid project name '" + printable(name)
                    + "': only ASCII letters, digits, '.', '-' and '_', starting and ending with a letter or digit");
        }
        ProjectName project = ProjectName.parse(name);
        if (!Version.isValid(versionField)) {
            throw new UploadRejected("Invalid version '" + printable(versionField) + "': not a PEP 440 version");
        }
        Version version = Version.parse(versionField);
        checkPermission(caller, project);
        String filename = form.filename();
        DistributionFilename parsed = parseFilename(filename, filetype, project);
        if (!parsed.name().equals(project)) {
            throw new UploadRejected(
                    "The filename " + filename + " names project " + parsed.name() + ", the form says " + project);
        }
        if (!parsed.version().equals(version)) {
            throw new UploadRejected(
                    "The filename " + filename + " has version " + parsed.version() + ", the form says " + version);
        }
        if (form.size() == 0) {
            throw new UploadRejected("The uploaded file " + filename + " is empty");
        }
        checkDigests(form);
        byte[] metadataBytes = parsed instanceof WheelFilename
                ? ArchiveCheck.wheel(form.file(), filename, project, version)
                : ArchiveCheck.sdist(form.file(), filename, stem(filename));
        CoreMetadata metadata = CoreMetadata.parse(new String(metadataBytes, StandardCharsets.UTF_8));
        String what = parsed instanceof WheelFilename ? "METADATA" : "PKG-INFO";
        if (metadata.metadataVersion() == null) {
            throw new UploadRejected("The " + what + " of " + filename + " has no Metadata-Version");
        }
        if (metadata.name() == null
                || !ProjectName.isValid(metadata.name())
                || !ProjectName.parse(metadata.name()).equals(project)) {
            throw new UploadRejected("The " + what + " of " + filename + " names project '"
                    + printable(String.valueOf(metadata.name())) + "', the form says " + project);
        }
        if (metadata.version() == null
                || !Version.isValid(metadata.version())
                || !Version.parse(metadata.version()).equals(version)) {
            throw new UploadRejected("The " + what + " of " + filename + " has version '"
                    + printable(String.valueOf(metadata.version())) + "', the form says " + version);
        }
        if (!privates.isPrivate(project)
                && servedFromUpstream.test(project)
                && !privates.access().canAdminister(caller)) {
            throw new MirrorException.Denied(
                    403,
                    "'" + project + "' is a public project this mirror serves from upstream; only an admin may make it"
                            + " private by uploading");
        }
        String requiresPython = metadata.requiresPython() != null
                ? metadata.requiresPython()
                : blankToNull(form.field("requires_python"));
        // PEP 658 metadata for wheels only: an sdist's PKG-INFO may leave dependencies to the build.
        byte[] pep658 = parsed instanceof WheelFilename ? metadataBytes : null;
        Digests.Result d = form.digests();
        PrivateFile file = new PrivateFile(
                filename,
                version.toString(),
                d.sha256(),
                d.blake2b256(),
                form.size(),
                requiresPython,
                pep658 == null ? null : Digests.sha256Hex(pep658),
                false,
                null,
                UPLOAD_TIME.format(Instant.now(clock).truncatedTo(ChronoUnit.MICROS)),
                caller.name());
        PrivateIndex.Added added = privates.index().add(project, name, file, form.file(), pep658);
        return new Result(project, file, added);
    }

    private void checkPermission(Caller caller, ProjectName project) {
        if (!privates.access().canUpload(caller, project)) {
            throw new MirrorException.Denied(403, "User '" + caller.name() + "' may not upload to " + project);
        }
    }

    private static DistributionFilename parseFilename(String filename, String filetype, ProjectName project) {
        if (!FileKey.isSafeFilename(filename)) {
            throw new UploadRejected("Invalid filename '" + printable(filename)
                    + "': only ASCII letters, digits and . _ - + ! are allowed, no paths");
        }
        String lower = filename.toLowerCase(Locale.ROOT);
        try {
            switch (filetype) {
                case "bdist_wheel" -> {
                    if (!lower.endsWith(".whl")) {
                        throw new UploadRejected("filetype bdist_wheel needs a .whl file, got " + filename);
                    }
                    return WheelFilename.parse(filename);
                }
                case "sdist" -> {
                    if (!lower.endsWith(".tar.gz") && !lower.endsWith(".zip")) {
                        throw new UploadRejected("filetype sdist needs a .tar.gz (or .zip) file, got " + filename);
                    }
                    return SdistFilename.parse(filename, project);
                }
                default -> throw new UploadRejected(
                        "Unsupported filetype '" + printable(filetype) + "' (expected bdist_wheel or sdist)");
            }
        } catch (UploadRejected e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UploadRejected("Invalid distribution filename: " + e.getMessage());
        }
    }

    private static String stem(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        return filename.substring(0, filename.length() - (lower.endsWith(".tar.gz") ? 7 : 4));
    }

    private static void checkDigests(UploadForm form) {
        Digests.Result d = form.digests();
        String sha256 = blankToNull(form.field("sha256_digest"));
        String blake2 = blankToNull(form.field("blake2_256_digest"));
        String md5 = blankToNull(form.field("md5_digest"));
        if (sha256 == null && blake2 == null && md5 == null) {
            throw new UploadRejected(
                    "Include at least one message digest (sha256_digest, blake2_256_digest or" + " md5_digest)");
        }
        if (sha256 != null && !sha256.equalsIgnoreCase(d.sha256())) {
            throw new UploadRejected(
                    "sha256_digest does not match the uploaded file (its sha256 is " + d.sha256() + ")");
        }
        if (blake2 != null && !blake2.equalsIgnoreCase(d.blake2b256())) {
            throw new UploadRejected("blake2_256_digest does not match the uploaded file");
        }
        if (md5 != null && !md5Matches(md5, d.md5())) {
            throw new UploadRejected("md5_digest does not match the uploaded file");
        }
    }

    /** PyPI documents url-safe base64 without padding; older clients send hex. Both are accepted. */
    static boolean md5Matches(String given, byte[] md5) {
        if (given.length() == 32 && given.matches("[0-9a-fA-F]{32}")) {
            return given.equalsIgnoreCase(HexFormat.of().formatHex(md5));
        }
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(md5);
        return given.replace("=", "").equals(b64);
    }

    private static String required(UploadForm form, String field) {
        String value = form.field(field);
        if (value == null || value.isBlank()) {
            throw new UploadRejected("Missing the '" + field + "' field");
        }
        return value.strip();
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0).strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Non-ASCII and control characters shown as escapes, so a reason never carries look-alike letters. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(120).forEach(cp -> {
            if (cp < 0x20 || cp >= 0x7f) {
                out.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
