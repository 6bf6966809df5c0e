package io.jenkins.plugins.pythonmirror.upload;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Version;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Looks inside an uploaded archive before anything is stored: a wheel must be a sound zip (central directory,
 * CRC of its METADATA) with a {@code {name}-{version}.dist-info/} holding {@code METADATA} and {@code WHEEL}; an
 * sdist ({@code .tar.gz} read to its end, or {@code .zip}) must have one top-level {@code {name}-{version}/} with a
 * {@code PKG-INFO}. No member may have an absolute path, a {@code ..} segment, a backslash or a control character,
 * and no tar member may be a link that leaves the archive.
 */
final class ArchiveCheck {

    static final int MAX_METADATA_BYTES = 16 * 1024 * 1024;
    static final int MAX_ENTRIES = 100_000;
    /** The most an sdist may expand to; the tar is read to its end to detect truncation. */
    static final long MAX_EXPANDED_BYTES = 4L * 1024 * 1024 * 1024;

    private ArchiveCheck() {}

    /** The wheel's {@code .dist-info/METADATA}. */
    static byte[] wheel(Path file, String filename, ProjectName project, Version version) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry metadata = null;
            boolean wheelFile = false;
            int count = 0;
            Set<String> distInfos = new HashSet<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new UploadRejected(filename + " has more than " + MAX_ENTRIES + " members");
                }
                String name = e.getName();
                checkMemberName(filename, name);
                int slash = name.indexOf('/');
                if (slash > 0
                        && name.substring(0, slash).toLowerCase(Locale.ROOT).endsWith(".dist-info")) {
                    String dir = name.substring(0, slash);
                    distInfos.add(dir);
                    String rest = name.substring(slash + 1);
                    if (rest.equals("METADATA")) {
                        metadata = e;
                    } else if (rest.equals("WHEEL")) {
                        wheelFile = true;
                    }
                }
            }
            if (distInfos.size() != 1) {
                throw new UploadRejected(
                        filename + " must have exactly one .dist-info directory, it has " + distInfos.size());
            }
            String distInfo = distInfos.iterator().next();
            checkDirName(filename, distInfo.substring(0, distInfo.length() - ".dist-info".length()), project, version);
            if (metadata == null) {
                throw new UploadRejected(filename + " has no " + distInfo + "/METADATA");
            }
            if (!wheelFile) {
                throw new UploadRejected(filename + " has no " + distInfo + "/WHEEL");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(metadata)) {
                bytes = readBounded(in, filename, "METADATA");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if (metadata.getCrc() != -1 && crc.getValue() != metadata.getCrc()) {
                throw new UploadRejected(filename + " is damaged: the CRC of METADATA does not match");
            }
            return bytes;
        } catch (ZipException | EOFException e) {
            throw new UploadRejected(filename + " is not a sound zip archive: " + e.getMessage());
        }
    }

    /** The sdist's {@code PKG-INFO}. */
    static byte[] sdist(Path file, String filename, String stem) throws IOException {
        String wanted = stem + "/PKG-INFO";
        if (filename.endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                byte[] found = null;
                Enumeration<? extends ZipEntry> entries = zip.entries();
                int count = 0;
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (++count > MAX_ENTRIES) {
                        throw new UploadRejected(filename + " has more than " + MAX_ENTRIES + " members");
                    }
                    checkMemberName(filename, e.getName());
                    if (e.getName().equals(wanted)) {
                        try (InputStream in = zip.getInputStream(e)) {
                            found = readBounded(in, filename, "PKG-INFO");
                        }
                    }
                }
                return require(found, filename, wanted);
            } catch (ZipException | EOFException e) {
                throw new UploadRejected(filename + " is not a sound zip archive: " + e.getMessage());
            }
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                GZIPInputStream gz = new GZIPInputStream(raw, 64 * 1024);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            byte[] found = null;
            long expanded = 0;
            int count = 0;
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw new UploadRejected(filename + " has more than " + MAX_ENTRIES + " members");
                }
                String name = e.getName();
                checkMemberName(filename, name);
                if (!(name.equals(stem) || name.equals(stem + "/") || name.startsWith(stem + "/"))) {
                    throw new UploadRejected(filename + " has a member outside its top-level directory " + stem + "/: "
                            + printable(name));
                }
                if (e.isSymbolicLink() || e.isLink()) {
                    String target = e.getLinkName();
                    if (target.startsWith("/") || ("/" + target + "/").contains("/../")) {
                        throw new UploadRejected(
                                filename + " has a link leaving the archive: " + printable(name) + " -> " + target);
                    }
                }
                expanded += Math.max(0, e.getSize());
                if (expanded > MAX_EXPANDED_BYTES) {
                    throw new UploadRejected(filename + " expands to more than " + MAX_EXPANDED_BYTES + " bytes");
                }
                if (name.equals(wanted) && e.isFile()) {
                    found = readBounded(tar, filename, "PKG-INFO");
                }
            }
            // Read the rest, so a truncated or corrupt gzip stream fails here (its CRC is checked at the end).
            gz.transferTo(java.io.OutputStream.nullOutputStream());
            return require(found, filename, wanted);
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new UploadRejected(filename + " is not a sound .tar.gz archive (truncated or corrupt)");
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof UploadRejected r) {
                throw r;
            }
            throw new UploadRejected(filename + " is not a sound .tar.gz archive: " + e.getMessage());
        }
    }

    private static byte[] require(byte[] found, String filename, String wanted) {
        if (found == null) {
            throw new UploadRejected(filename + " has no " + wanted);
        }
        return found;
    }

    /** {@code dir} is {@code {name}-{version}} of the project being uploaded. */
    private static void checkDirName(String filename, String dir, ProjectName project, Version version) {
        int dash = dir.lastIndexOf('-');
        boolean ok = dash > 0
                && ProjectName.isValid(dir.substring(0, dash))
                && ProjectName.parse(dir.substring(0, dash)).equals(project)
                && Version.isValid(dir.substring(dash + 1))
                && Version.parse(dir.substring(dash + 1)).equals(version);
        if (!ok) {
            throw new UploadRejected(filename + ": its " + dir + ".dist-info does not name " + project + " " + version);
        }
    }

    static void checkMemberName(String filename, String name) {
        boolean bad = name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.matches("^[A-Za-z]:.*")
                || ("/" + name + "/").contains("/../");
        for (int i = 0; i < name.length() && !bad; i++) {
            char c = name.charAt(i);
            bad = c < 0x20 || c == 0x7f;
        }
        if (bad) {
            throw new UploadRejected(filename + " has a member with an unsafe path: " + printable(name));
        }
    }

    private static byte[] readBounded(InputStream in, String filename, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
        if (bytes.length > MAX_METADATA_BYTES) {
            throw new UploadRejected(what + " of " + filename + " is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        return bytes;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.length() > 120 ? out.substring(0, 117) + "..." : out.toString();
    }
}
