package io.jenkins.plugins.pythonmirror.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builders for real, installable distributions written in memory: wheels (PEP 427 zip with METADATA, WHEEL and a
 * hashed RECORD) and sdists (PEP 625 tar.gz with PKG-INFO and a setuptools project, written by {@link Ustar}, so no
 * extra dependency or external {@code tar} is needed). Output is deterministic for the same inputs.
 */
public final class Dists {

    private Dists() {}

    /** A wheel builder; the filename uses the normalized name with {@code _}. */
    public static Builder wheel(String name, String version) {
        return new Builder(name, version, true);
    }

    /** An sdist builder producing {@code <name_normalized_underscored>-<version>.tar.gz}. */
    public static Builder sdist(String name, String version) {
        return new Builder(name, version, false);
    }

    /** PEP 427 escaping of a project name for filenames: normalized, {@code -} replaced by {@code _}. */
    public static String fileNamePart(String name) {
        return Hashes.normalize(name).replace('-', '_');
    }

    /** Options shared by wheels and sdists. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final boolean wheel;
        private final List<String> requires = new ArrayList<>();
        private final Map<String, List<String>> extras = new LinkedHashMap<>();
        private String requiresPython;
        private String tag = "py3-none-any";
        private String metadataVersion = "2.1";
        private int payloadBytes;
        private String module;

        private Builder(String name, String version, boolean wheel) {
            this.name = name;
            this.version = version;
            this.wheel = wheel;
        }

        /** Adds {@code Requires-Dist} lines (PEP 508), e.g. {@code "b>=1.0"}. */
        public Builder requires(String... requiresDistLines) {
            requires.addAll(List.of(requiresDistLines));
            return this;
        }

        public Builder requiresPython(String specifier) {
            this.requiresPython = specifier;
            return this;
        }

        /** Adds {@code Provides-Extra: name} and {@code Requires-Dist: x; extra == "name"} for each line. */
        public Builder extra(String extraName, String... requiresDistLines) {
            extras.computeIfAbsent(extraName, k -> new ArrayList<>()).addAll(List.of(requiresDistLines));
            return this;
        }

        /** The compressed wheel tag, default {@code py3-none-any} (ignored for sdists). */
        public Builder tag(String compressedTag) {
            this.tag = compressedTag;
            return this;
        }

        /** Metadata-Version, default 2.1 (twine refuses ≥ 2.3, poetry 1.3 drops deps of ≥ 2.2). */
        public Builder metadataVersion(String metadataVersion) {
            this.metadataVersion = metadataVersion;
            return this;
        }

        /** Adds {@code <package>/payload.bin} with n incompressible bytes, seeded from name and version. */
        public Builder payloadBytes(int n) {
            this.payloadBytes = n;
            return this;
        }

        /** Source of {@code <package>/__init__.py}; default defines {@code __version__}. */
        public Builder module(String pythonSource) {
            this.module = pythonSource;
            return this;
        }

        /** The import package name: the normalized name with {@code _}. */
        public String packageName() {
            return fileNamePart(name);
        }

        public BuiltDist build() {
            byte[] metadata = metadata().getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> sources = new LinkedHashMap<>();
            String pkg = packageName();
            String init = module != null ? module : "__version__ = \"" + version + "\"\n";
            sources.put(pkg + "/__init__.py", utf8(init));
            if (payloadBytes > 0) {
                byte[] payload = new byte[payloadBytes];
                new Random((name + "==" + version).hashCode()).nextBytes(payload);
                sources.put(pkg + "/payload.bin", payload);
            }
            return wheel ? buildWheel(metadata, sources) : buildSdist(metadata, sources);
        }

        private String metadata() {
            StringBuilder m = new StringBuilder();
            m.append("Metadata-Version: ").append(metadataVersion).append('\n');
            m.append("Name: ").append(name).append('\n');
            m.append("Version: ").append(version).append('\n');
            m.append("Summary: Test package ").append(name).append('\n');
            if (requiresPython != null) {
                m.append("Requires-Python: ").append(requiresPython).append('\n');
            }
            requires.forEach(r -> m.append("Requires-Dist: ").append(r).append('\n'));
            extras.forEach((extra, lines) -> {
                m.append("Provides-Extra: ").append(extra).append('\n');
                lines.forEach(r -> m.append("Requires-Dist: ")
                        .append(r)
                        .append("; extra == \"")
                        .append(extra)
                        .append("\"\n"));
            });
            return m.toString();
        }

        private BuiltDist buildWheel(byte[] metadata, Map<String, byte[]> sources) {
            String distInfo = packageName() + "-" + version + ".dist-info/";
            Map<String, byte[]> entries = new LinkedHashMap<>(sources);
            entries.put(distInfo + "METADATA", metadata);
            entries.put(
                    distInfo + "WHEEL",
                    utf8("Wheel-Version: 1.0\nGenerator: python-mirror-testkit\nRoot-Is-Purelib: true\nTag: " + tag
                            + "\n"));
            StringBuilder record = new StringBuilder();
            entries.forEach((path, data) -> record.append(path)
                    .append(',')
                    .append(Hashes.sha256Record(data))
                    .append(',')
                    .append(data.length)
                    .append('\n'));
            record.append(distInfo).append("RECORD,,\n");
            entries.put(distInfo + "RECORD", utf8(record.toString()));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTime(Ustar.FIXED_TIME_MILLIS);
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String filename = packageName() + "-" + version + "-" + tag + ".whl";
            return new BuiltDist(filename, out.toByteArray(), metadata);
        }

        private BuiltDist buildSdist(byte[] metadata, Map<String, byte[]> sources) {
            String base = packageName() + "-" + version + "/";
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(base + "PKG-INFO", metadata);
            entries.put(
                    base + "pyproject.toml",
                    utf8("[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"));
            entries.put(base + "setup.cfg", utf8(setupCfg()));
            entries.put(base + "setup.py", utf8("from setuptools import setup\n\nsetup()\n"));
            sources.forEach((path, data) -> entries.put(base + path, data));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                Ustar.write(gzip, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new BuiltDist(packageName() + "-" + version + ".tar.gz", out.toByteArray(), metadata);
        }

        private String setupCfg() {
            StringBuilder cfg = new StringBuilder("[metadata]\n");
            cfg.append("name = ").append(name).append('\n');
            cfg.append("version = ").append(version).append('\n');
            cfg.append("description = Test package ").append(name).append("\n\n[options]\n");
            cfg.append("packages = ").append(packageName()).append('\n');
            if (payloadBytes > 0) {
                cfg.append("include_package_data = True\n");
            }
            if (requiresPython != null) {
                cfg.append("python_requires = ").append(requiresPython).append('\n');
            }
            if (!requires.isEmpty()) {
                cfg.append("install_requires =\n");
                requires.forEach(r -> cfg.append("    ").append(r).append('\n'));
            }
            if (payloadBytes > 0) {
                cfg.append("\n[options.package_data]\n").append(packageName()).append(" = payload.bin\n");
            }
            if (!extras.isEmpty()) {
                cfg.append("\n[options.extras_require]\n");
                extras.forEach((extra, lines) -> {
                    cfg.append(extra).append(" =\n");
                    lines.forEach(r -> cfg.append("    ").append(r).append('\n'));
                });
            }
            return cfg.toString();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
