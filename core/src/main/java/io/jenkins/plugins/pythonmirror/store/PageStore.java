package io.jenkins.plugins.pythonmirror.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.PageParser;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cached upstream pages on disk, one file per project: an envelope with the validators around the page in its
 * PEP 691 JSON form.
 */
public final class PageStore {

    private static final Logger LOG = Logger.getLogger(PageStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final DataDir dataDir;

    public PageStore(DataDir dataDir) {
        this.dataDir = dataDir;
    }

    private Path pathOf(ProjectName project) {
        return dataDir.pages().resolve(project.normalized() + ".json");
    }

    /** The stored page, or empty; an unreadable file is logged and treated as absent. */
    public Optional<StoredPage> load(ProjectName project) {
        Path path = pathOf(project);
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(path));
            if (root.path("format").asInt() != FORMAT) {
                return Optional.empty();
            }
            URI source = URI.create(root.path("source").asText());
            byte[] pageJson = JSON.writeValueAsBytes(root.get("page"));
            ProjectPage page = PageParser.parseJson(pageJson, source);
            return Optional.of(new StoredPage(
                    page,
                    source,
                    text(root, "etag"),
                    text(root, "lastModified"),
                    root.hasNonNull("serial") ? root.get("serial").asLong() : null,
                    root.path("fetchedAt").asLong()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring unreadable cached page " + path + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the stored page atomically. */
    public void save(ProjectName project, StoredPage stored) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("source", stored.source().toString());
        root.put("etag", stored.etag());
        root.put("lastModified", stored.lastModified());
        if (stored.serial() != null) {
            root.put("serial", stored.serial());
        }
        root.put("fetchedAt", stored.fetchedAtMillis());
        root.set("page", JSON.readTree(PageRenderer.projectJson(stored.page())));
        dataDir.writeAtomically(pathOf(project), JSON.writeValueAsBytes(root));
    }

    public void delete(ProjectName project) throws IOException {
        Files.deleteIfExists(pathOf(project));
    }

    /** Names of all projects with a stored page, read from disk each time (nothing kept in memory). */
    public List<String> projectNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dataDir.pages(), "*.json")) {
            for (Path p : stream) {
                String file = p.getFileName().toString();
                names.add(file.substring(0, file.length() - ".json".length()));
            }
        }
        return names;
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
