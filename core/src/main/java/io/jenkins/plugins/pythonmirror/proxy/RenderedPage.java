package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.simple.PageFormat;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A page as the mirror serves it, rendered once per format (plain and gzip) and then answered from memory: page
 * requests are the hottest path of a busy mirror.
 */
public final class RenderedPage {

    /** One ready response body. */
    public record Body(byte[] bytes, String etag) {}

    private final ProjectPage page;
    private final Map<PageFormat, Body> plain = new EnumMap<>(PageFormat.class);
    private final Map<PageFormat, Body> gzipped = new EnumMap<>(PageFormat.class);

    public RenderedPage(ProjectPage page) {
        this.page = page;
    }

    public ProjectPage page() {
        return page;
    }

    public synchronized Body body(PageFormat format, boolean gzip) {
        Map<PageFormat, Body> map = gzip ? gzipped : plain;
        Body body = map.get(format);
        if (body == null) {
            byte[] bytes =
                    format == PageFormat.JSON_V1 ? PageRenderer.projectJson(page) : PageRenderer.projectHtml(page);
            String etag = etagOf(bytes, format);
            if (gzip) {
                bytes = gzip(bytes);
                etag = etag.substring(0, etag.length() - 1) + "-gz\"";
            }
            body = new Body(bytes, etag);
            map.put(format, body);
        }
        return body;
    }

    static String etagOf(byte[] bytes, PageFormat format) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "-" + format.ordinal() + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
