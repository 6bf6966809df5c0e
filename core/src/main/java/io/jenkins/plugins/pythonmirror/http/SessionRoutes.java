package io.jenkins.plugins.pythonmirror.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.AccessPolicy;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.build.BuildEnvironment;
import io.jenkins.plugins.pythonmirror.report.CiSessions;
import io.jenkins.plugins.pythonmirror.report.ReportJson;
import io.jenkins.plugins.pythonmirror.report.Sbom;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sessions API of {@link MirrorHandler}, for CI systems other than Jenkins (the standalone server turns it on
 * with {@code MirrorSettings.sessionApi}; elsewhere these routes answer 404):
 *
 * <ul>
 *   <li>{@code POST api/sessions} with an optional JSON body {@code {"publish": true, "label": "…", "findLinks":
 *       true}}: 201 with the session's id, token and index URL (admins, and users who may start sessions);
 *   <li>{@code GET api/sessions/<id>/report}: what it obtained, as JSON; {@code GET api/sessions/<id>/sbom}: the
 *       CycloneDX SBOM of it;
 *   <li>{@code DELETE api/sessions/<id>}: ends it (its token is refused from then on) and answers the report.
 * </ul>
 *
 * Only the session's creator and admins see a session; to everybody else it does not exist (404).
 */
final class SessionRoutes {

    static final String SBOM_TYPE = "application/vnd.cyclonedx+json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_JSON_BODY = 64 * 1024;
    private static final int MAX_LABEL = 200;
    private static final Set<String> FIELDS = Set.of("publish", "label", "findLinks");

    private final CiSessions sessions;
    private final AccessPolicy access;
    private final URI publicUrl;

    SessionRoutes(CiSessions sessions, AccessPolicy access, URI publicUrl) {
        this.sessions = sessions;
        this.access = access;
        this.publicUrl = publicUrl;
    }

    static boolean isSessionApi(RequestPath path) {
        return path.size() >= 2 && path.get(0).equals("api") && path.get(1).equals("sessions");
    }

    void handle(RequestPath path, MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        if (caller.isAnonymous()) {
            throw new MirrorException.Denied(401, "Authentication required");
        }
        sessions.sweep();
        String method = request.method();
        boolean collection =
                path.size() == 2 || (path.size() == 3 && path.get(2).isEmpty());
        if (collection) {
            if (!method.equals("POST")) {
                throw new MirrorException(405, "POST api/sessions starts a session");
            }
            start(request, response, caller);
            return;
        }
        String id = path.get(2);
        String what = path.size() == 4 ? path.get(3) : path.size() == 3 ? "" : null;
        if (what == null) {
            throw new MirrorException.NotFound("No such API: /" + String.join("/", path.segments()));
        }
        // Someone else's session is answered exactly like one that does not exist.
        String creator = sessions.creator(id)
                .filter(c -> access.canReadSession(caller, c))
                .orElseThrow(() -> new MirrorException.NotFound("No such session: " + id));
        if (what.isEmpty() && method.equals("DELETE")) {
            SessionReport ended =
                    sessions.end(id).orElseThrow(() -> new MirrorException.NotFound("No such session: " + id));
            json(response, 200, reportDocument(ended, creator));
        } else if (what.equals("report") && method.equals("GET")) {
            json(response, 200, reportDocument(report(id), creator));
        } else if (what.equals("sbom") && method.equals("GET")) {
            SessionReport r = report(id);
            String sbom = Sbom.json(
                    r.files(),
                    r.label() != null ? r.label() : "session " + r.id(),
                    toolVersion(),
                    Date.from(r.endedAt() != null ? r.endedAt() : Instant.now()));
            byte[] bytes = sbom.getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.setHeader("Content-Type", SBOM_TYPE);
            response.setHeader("Content-Disposition", "attachment; filename=\"" + id + ".cdx.json\"");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Length", Integer.toString(bytes.length));
            response.body().write(bytes);
        } else {
            throw new MirrorException(
                    405, "Use GET api/sessions/<id>/report, GET api/sessions/<id>/sbom or DELETE api/sessions/<id>");
        }
    }

    private void start(MirrorRequest request, MirrorResponse response, Caller caller) throws IOException {
        JsonNode body = body(request);
        boolean publish = flag(body, "publish");
        boolean findLinks = flag(body, "findLinks");
        String label = label(body);
        if (!access.canStartSession(caller, publish)) {
            throw new MirrorException.Denied(
                    403,
                    publish && access.canStartSession(caller, false)
                            ? "User '" + caller.name() + "' may not upload, so its sessions may not publish"
                            : "User '" + caller.name() + "' may not start sessions");
        }
        URI base = baseUrl(request);
        CiSessions.Started started = sessions.start(caller.name(), publish, label);
        BuildEnvironment env =
                BuildEnvironment.compute(base, started.token(), new BuildEnvironment.Options(findLinks, publish));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", started.id());
        doc.put("username", started.token().username());
        doc.put("token", started.token().secret());
        doc.put("indexUrl", env.secretValues().get("PIP_INDEX_URL"));
        doc.put("mirrorUrl", base.toString());
        doc.put("publish", publish);
        doc.put("label", label);
        doc.put("expiresAt", started.token().expiresAt().toString());
        doc.put("report", base + "api/sessions/" + started.id() + "/report");
        doc.put("sbom", base + "api/sessions/" + started.id() + "/sbom");
        doc.put("environment", env.all());
        response.setHeader("Location", base + "api/sessions/" + started.id());
        json(response, 201, doc);
    }

    private SessionReport report(String id) throws IOException {
        return sessions.report(id).orElseThrow(() -> new MirrorException.NotFound("No such session: " + id));
    }

    private Map<String, Object> reportDocument(SessionReport report, String creator) {
        Map<String, Object> doc =
                JSON.convertValue(ReportJson.document(report), new TypeReference<LinkedHashMap<String, Object>>() {});
        doc.put("creator", creator);
        doc.put("live", sessions.isLive(report.id()));
        doc.put("keptFor", sessions.keepFor().toString());
        return doc;
    }

    /** The public URL, else the request's scheme and Host (the standalone server serves at its root). */
    private URI baseUrl(MirrorRequest request) {
        if (publicUrl != null) {
            return publicUrl;
        }
        String host = request.header("Host");
        try {
            URI base = new URI(request.scheme() + "://" + host + "/");
            if (host == null
                    || base.getHost() == null
                    || base.getRawUserInfo() != null
                    || !host.equals(base.getRawAuthority())) {
                throw new IllegalArgumentException(host);
            }
            return base;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new MirrorException.BadRequest(
                    "Cannot tell this mirror's URL from the Host header; start the server with --public-url");
        }
    }

    private static JsonNode body(MirrorRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.body()) {
            bytes = in.readNBytes(MAX_JSON_BODY + 1);
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            throw new MirrorException(415, "The body must be application/json, such as {\"publish\": true}");
        }
        if (bytes.length > MAX_JSON_BODY) {
            throw new MirrorException.BadRequest("The JSON body is too large");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new MirrorException.BadRequest("The body is not valid JSON");
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new MirrorException.BadRequest(
                    "Expected a JSON object such as {\"publish\": true, \"label\": \"…\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new MirrorException.BadRequest("Unknown field '" + name + "': use publish, label or findLinks");
            }
        }
        return node;
    }

    private static boolean flag(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new MirrorException.BadRequest("'" + name + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static String label(JsonNode body) {
        JsonNode v = body.get("label");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MirrorException.BadRequest("'label' must be a string");
        }
        String label = v.textValue().strip();
        if (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw new MirrorException.BadRequest(
                    "'label' must be at most " + MAX_LABEL + " characters without control characters");
        }
        return label.isEmpty() ? null : label;
    }

    private static void json(MirrorResponse response, int status, Object document) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(document);
        response.setStatus(status);
        response.setHeader("Content-Type", "application/json");
        // The start answer carries a token; no report belongs in a shared cache either.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Length", Integer.toString(bytes.length));
        response.body().write(bytes);
    }

    /** The engine's version from its jar manifest, for the SBOM's tool entry. */
    static String toolVersion() {
        String v = SessionRoutes.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
