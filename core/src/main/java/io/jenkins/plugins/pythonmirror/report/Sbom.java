package io.jenkins.plugins.pythonmirror.report;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * A CycloneDX 1.6 JSON SBOM of the distributions a build obtained: one {@code library} component per file, with the
 * purl {@code pkg:pypi/<name>@<version>?file_name=<file>}, its SHA-256, and where the mirror took it from as the
 * property {@code python-mirror:source}; the mirror is the tool.
 */
public final class Sbom {

    /** The CycloneDX version written. */
    public static final Version SPEC = Version.VERSION_16;

    private Sbom() {}

    /**
     * The SBOM as JSON.
     *
     * @param subject what the SBOM describes (a build's name such as {@code folder/job #12}), or null
     * @param toolVersion the mirror's version
     * @param timestamp when it was made
     */
    public static String json(Collection<Obtained> files, String subject, String toolVersion, Date timestamp) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        Metadata metadata = new Metadata();
        metadata.setTimestamp(timestamp);
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("python-mirror");
        tool.setVersion(toolVersion);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        if (subject != null) {
            Component described = new Component();
            described.setType(Component.Type.APPLICATION);
            described.setName(subject);
            metadata.setComponent(described);
        }
        bom.setMetadata(metadata);
        // One component per file; the same file obtained twice (two blocks of one build) is listed once.
        Map<String, Component> components = new LinkedHashMap<>();
        for (Obtained f : files.stream().sorted(SessionReport.ORDER).toList()) {
            String purl = purl(f);
            if (components.containsKey(purl)) {
                continue;
            }
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setName(f.project());
            c.setVersion(f.version());
            c.setPurl(purl);
            c.setBomRef(purl);
            c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, f.sha256())));
            Property source = new Property();
            source.setName("python-mirror:source");
            source.setValue(f.source().label());
            c.setProperties(new ArrayList<>(List.of(source)));
            components.put(purl, c);
        }
        bom.setComponents(new ArrayList<>(components.values()));
        try {
            return BomGeneratorFactory.createJson(SPEC, bom).toJsonString();
        } catch (GeneratorException e) {
            throw new IllegalStateException("The CycloneDX library could not write the SBOM: " + e.getMessage(), e);
        }
    }

    /** {@code pkg:pypi/<normalized name>@<version>?file_name=<filename>} (the purl spec's PyPI type). */
    static String purl(Obtained f) {
        try {
            return new PackageURL(
                            "pypi",
                            null,
                            f.project(),
                            f.version(),
                            new TreeMap<>(Map.of("file_name", f.filename())),
                            null)
                    .canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("No purl for " + f.filename() + ": " + e.getMessage(), e);
        }
    }
}
