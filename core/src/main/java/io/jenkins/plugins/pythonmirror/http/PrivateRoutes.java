package io.jenkins.plugins.pythonmirror.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateFile;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateIndex;
import io.jenkins.plugins.pythonmirror.privateindex.PrivatePackages;
import io.jenkins.plugins.pythonmirror.privateindex.ProjectIndex;
import io.jenkins.plugins.pythonmirror.proxy.FileService;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.upload.UploadForm;
import io.jenkins.plugins.pythonmirror.upload.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The private-package routes of {@link MirrorHandler}:
 *
 * <ul>
 *   <li>{@code POST upload/} and {@code POST legacy/}: the legacy upload API (uploader role);
 *   <li>{@code GET links/}: a flat find-links page of the private files the caller may read;
 *   <li>{@code GET api/private/<project>/}: the project's index as JSON (readers; 404 when hidden);
 *   <li>{@code POST api/private/<project>/<filename>/yank} with an optional JSON body {@code {"reason": "…"}},
 *       {@code POST …/unyank}, {@code DELETE api/private/<project>/<filename>} and {@code DELETE
 *       api/private/<project>/} (the whole project, releasing its name): admin only, JSON answers.
 * </ul>
 */
final class PrivateRoutes {

    private static final Logger LOG = Logger.getLogger(PrivateRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_JSON_BODY = 64 * 1024;

    private final PrivatePackages privates;
    private final Uploads uploads;
    private final Counters counters;

    PrivateRoutes(PrivatePackages privates, Uploads uploads, Counters counters) {
        this.privates = privates;
        this.uploads = uploads;
        this.counters = counters;
    }

    /** Whether a non-read request to {@code path} is one of ours. */
    static boolean isWrite(RequestPath path) {
        String first = path.get(0);
        return first.equals("upload") || first.equals("legacy") || isPrivateApi(path);
    }

    static boolean isPrivateApi(RequestPath path) {
        return path.size() >= 3 && path.get(0).equals("api") && path.get(1).equals("private");
    }

    void write(RequestPath path, MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        String method = request.method();
        if (!isPrivateApi(path)) {
            if (!method.equals("POST")
                    || path.size() > 2
                    || (path.size() == 2 && !path.get(1).isEmpty())) {
                throw new MirrorException(405, "Uploads are POST requests to upload/ (or legacy/)");
            }
            Uploads.Result result;
            try {
                result = uploads.upload(request, caller);
            } catch (UploadForm.BodyCutOff e) {
                // One line for the operator; the client gets the 400 if it still listens.
                LOG.info("Upload by " + caller.name() + " from " + request.remoteAddress() + " rejected: "
                        + e.getMessage());
                throw e;
            }
            counters.fileStored();
            LOG.info(caller.name() + " uploaded " + result.file().filename() + " to private project " + result.project()
                    + (result.added() == PrivateIndex.Added.IDENTICAL ? " (identical again)" : ""));
            MirrorHandler.text(response, 200, "OK\n", "text/plain; charset=utf-8");
            return;
        }
        requireAdmin(caller);
        ProjectName project = project(path.get(2));
        boolean projectOnly =
                path.size() == 3 || (path.size() == 4 && path.get(3).isEmpty());
        if (method.equals("DELETE") && projectOnly) {
            ProjectIndex removed = privates.index().deleteProject(project);
            LOG.info(caller.name() + " deleted private project " + project);
            json(
                    response,
                    Map.of(
                            "project",
                            project.normalized(),
                            "deleted",
                            true,
                            "files",
                            removed.files().size()));
            return;
        }
        if (path.size() < 4 || path.get(3).isEmpty()) {
            throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
        }
        String filename = path.get(3);
        if (method.equals("DELETE") && path.size() == 4) {
            PrivateFile removed = privates.index().delete(project, filename);
            LOG.info(caller.name() + " deleted private file " + filename);
            json(response, fileDocument(project, removed, Map.of("deleted", true)));
            return;
        }
        if (method.equals("POST")
                && path.size() == 5
                && (path.get(4).equals("yank") || path.get(4).equals("unyank"))) {
            boolean yank = path.get(4).equals("yank");
            String reason = yank ? reason(request) : null;
            PrivateFile changed = privates.index().setYanked(project, filename, yank, reason);
            LOG.info(caller.name() + (yank ? " yanked " : " unyanked ") + filename);
            json(response, fileDocument(project, changed, Map.of()));
            return;
        }
        throw new MirrorException(
                405, "Not an operation of the private API: " + method + " /" + String.join("/", path.segments()));
    }

    /** {@code GET api/private/<project>/}. */
    void read(RequestPath path, MirrorResponse response, Caller caller) throws IOException {
        if (path.size() > 4 || (path.size() == 4 && !path.get(3).isEmpty())) {
            throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
        }
        ProjectName project = project(path.get(2));
        ProjectIndex index = privates.index()
                .project(project)
                .filter(p -> privates.access().canReadPrivate(caller, project))
                .orElseThrow(() -> privates.notFound(project));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("project", project.normalized());
        doc.put("files", index.files());
        json(response, doc);
    }

    /**
     * {@code GET links/}: the flat find-links page: the private files the caller may read, then the pinned files
     * (except those of a private name that is not allowlisted).
     */
    void links(MirrorRequest request, MirrorResponse response, Caller caller, Set<FileKey> pinned) throws IOException {
        List<FileEntry> entries = new ArrayList<>(privates.links(caller));
        Set<String> names = new HashSet<>();
        entries.forEach(e -> names.add(e.filename()));
        pinned.stream()
                .filter(k -> !names.contains(k.filename()))
                // Defence in depth: an upstream file of a private, non-allowlisted name is never listed here.
                .filter(k -> FileService.projectOf(k.filename())
                        .map(p -> !privates.isPrivate(p) || privates.isAllowlisted(p))
                        .orElse(true))
                .sorted(Comparator.comparing(FileKey::filename))
                .forEach(k -> entries.add(FileEntry.of(
                        k.filename(), "../files/" + k.sha256() + "/" + k.filename(), Map.of("sha256", k.sha256()))));
        byte[] html = PageRenderer.projectHtml(ProjectPage.of("find-links", entries));
        response.setHeader("Cache-Control", "private, no-cache");
        MirrorHandler.text(response, 200, new String(html, StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    private void requireAdmin(Caller caller) {
        if (!privates.access().canAdminister(caller)) {
            throw caller.isAnonymous()
                    ? new MirrorException.Denied(401, "Authentication required")
                    : new MirrorException.Denied(403, "User '" + caller.name() + "' may not administer the mirror");
        }
    }

    private static ProjectName project(String segment) {
        if (!ProjectName.isValid(segment)) {
            throw new MirrorException.NotFound("Not a valid project name: " + segment);
        }
        return ProjectName.parse(segment);
    }

    /** The optional reason of a yank; a body must be JSON (nothing else is accepted on these POSTs). */
    private static String reason(MirrorRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.body()) {
            body = in.readNBytes(MAX_JSON_BODY + 1);
        }
        if (body.length == 0) {
            return null;
        }
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            throw new MirrorException(415, "The body must be application/json, such as {\"reason\": \"…\"}");
        }
        if (body.length > MAX_JSON_BODY) {
            throw new MirrorException.BadRequest("The JSON body is too large");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new MirrorException.BadRequest("The body is not valid JSON");
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()
                || (node.has("reason")
                        && !node.get("reason").isTextual()
                        && !node.get("reason").isNull())) {
            throw new MirrorException.BadRequest("Expected a JSON object such as {\"reason\": \"…\"}");
        }
        JsonNode reason = node.get("reason");
        return reason == null || reason.isNull() ? null : reason.asText();
    }

    private static Map<String, Object> fileDocument(ProjectName project, PrivateFile file, Map<String, Object> extra) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("project", project.normalized());
        doc.put("file", file);
        doc.putAll(extra);
        return doc;
    }

    private static void json(MirrorResponse response, Object document) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(document);
        response.setStatus(200);
        response.setHeader("Content-Type", "application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Length", Integer.toString(bytes.length));
        response.body().write(bytes);
    }
}
