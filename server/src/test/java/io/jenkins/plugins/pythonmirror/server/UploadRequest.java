package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/** Builds a legacy-API upload the way twine does (fields first, then the {@code content} part) and posts it raw. */
final class UploadRequest {

    private static final String BOUNDARY = "----python-mirror-test-boundary-7d1c";

    final Map<String, String> fields = new LinkedHashMap<>();
    String filename;
    byte[] content;
    String user;
    String password;

    /** The fields twine 4 sends for {@code dist}, digests included. */
    static UploadRequest of(String name, String version, BuiltDist dist) {
        UploadRequest r = new UploadRequest();
        r.fields.put(":action", "file_upload");
        r.fields.put("protocol_version", "1");
        r.fields.put("name", name);
        r.fields.put("version", version);
        r.fields.put("filetype", dist.filename().endsWith(".whl") ? "bdist_wheel" : "sdist");
        r.fields.put("pyversion", dist.filename().endsWith(".whl") ? "py3" : "source");
        r.fields.put("metadata_version", "2.1");
        r.fields.put("summary", "a test package");
        r.fields.put("sha256_digest", hex("SHA-256", dist.bytes()));
        r.fields.put("blake2_256_digest", blake2(dist.bytes()));
        r.filename = dist.filename();
        r.content = dist.bytes();
        return r;
    }

    UploadRequest as(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    UploadRequest field(String name, String value) {
        if (value == null) {
            fields.remove(name);
        } else {
            fields.put(name, value);
        }
        return this;
    }

    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> {
            write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n");
            write(out, v + "\r\n");
        });
        if (content != null) {
            write(
                    out,
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(content);
            write(out, "\r\n");
        }
        write(out, "--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    HttpResponse<String> post(HttpClient http, URI url) throws Exception {
        return post(http, url, contentType(), body());
    }

    HttpResponse<String> post(HttpClient http, URI url, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        List<String> auth = new ArrayList<>();
        if (user != null) {
            auth.add(basic(user, password));
            b.header("Authorization", auth.get(0));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String blake2(byte[] bytes) {
        Blake2bDigest d = new Blake2bDigest(256);
        d.update(bytes, 0, bytes.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
