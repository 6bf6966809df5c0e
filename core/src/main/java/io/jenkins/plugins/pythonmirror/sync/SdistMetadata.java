package io.jenkins.plugins.pythonmirror.sync;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads {@code <name>-<version>/PKG-INFO} out of an sdist (PEP 625 {@code .tar.gz}, or legacy {@code .zip}) without
 * unpacking it: a streaming walk over the tar headers.
 */
final class SdistMetadata {

    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private SdistMetadata() {}

    /** The PKG-INFO text, or empty when the archive has none at its top folder. */
    static Optional<String> read(Path sdist) throws IOException {
        String name = sdist.getFileName().toString();
        if (name.endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(sdist.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (isTopPkgInfo(e.getName())) {
                        try (InputStream in = zip.getInputStream(e)) {
                            return Optional.of(text(in.readNBytes(MAX_BYTES)));
                        }
                    }
                }
            }
            return Optional.empty();
        }
        if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz")) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(sdist)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    return Optional.empty(); // end of archive
                }
                String entry = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty() && header[257] == 'u') {
                    entry = prefix + "/" + entry;
                }
                String octal = field(header, 124, 12).strip();
                long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
                byte type = header[156];
                if ((type == '0' || type == 0) && isTopPkgInfo(entry)) {
                    if (size > MAX_BYTES) {
                        throw new IOException("PKG-INFO of " + name + " is too large");
                    }
                    return Optional.of(text(in.readNBytes((int) size)));
                }
                long skip = (size + 511) / 512 * 512;
                in.skipNBytes(skip);
            }
        }
        return Optional.empty();
    }

    private static boolean isTopPkgInfo(String entry) {
        String e = entry.startsWith("./") ? entry.substring(2) : entry;
        int slash = e.indexOf('/');
        return slash > 0 && e.substring(slash + 1).equals("PKG-INFO");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
