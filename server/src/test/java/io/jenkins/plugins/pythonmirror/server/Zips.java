package io.jenkins.plugins.pythonmirror.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-made wheels for tests that need a broken one. */
final class Zips {

    private Zips() {}

    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A wheel whose dist-info is {@code distInfo} and whose METADATA says {@code name} {@code version}. */
    static Map<String, String> wheelEntries(String distInfo, String name, String version) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("acme_lib/__init__.py", "");
        entries.put(distInfo + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        entries.put(distInfo + "/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        entries.put(distInfo + "/RECORD", "");
        return entries;
    }
}
