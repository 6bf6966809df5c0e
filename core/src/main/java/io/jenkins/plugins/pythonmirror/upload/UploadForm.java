package io.jenkins.plugins.pythonmirror.upload;

import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * The multipart/form-data body of one legacy-API upload, parsed by commons-fileupload's streaming parser: text
 * fields are kept in memory (each bounded), the {@code content} file part streams to a temp file in {@code tmp/}
 * while it is hashed (sha256, BLAKE2b-256, md5) and counted against the size limit. Nothing is kept in memory in
 * proportion to the file. {@link #close()} deletes the temp file unless it was moved away.
 */
public final class UploadForm implements AutoCloseable {

    /** The longest text field accepted (a long README in {@code description} fits easily). */
    static final int MAX_FIELD_BYTES = 4 * 1024 * 1024;

    static final int MAX_PARTS = 1_000;

    private final Map<String, List<String>> fields;
    private final String filename;
    private final Path file;
    private final long size;
    private final Digests.Result digests;

    private UploadForm(
            Map<String, List<String>> fields, String filename, Path file, long size, Digests.Result digests) {
        this.fields = fields;
        this.filename = filename;
        this.file = file;
        this.size = size;
        this.digests = digests;
    }

    /**
     * Parses {@code request}; {@code beforeFile} sees the text fields that came before the file part (twine, poetry
     * and pdm send them first), so permission can be checked before the file's bytes are read.
     *
     * @throws UploadRejected for anything malformed or too large; no temp file is left behind
     */
    public static UploadForm parse(
            MirrorRequest request, DataDir dataDir, long maxFileBytes, Consumer<Map<String, List<String>>> beforeFile)
            throws IOException {
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new UploadRejected("Expected a multipart/form-data body (the legacy upload API), got "
                    + (contentType == null ? "no Content-Type" : "'" + contentType + "'"));
        }
        Parser parser = new Parser();
        parser.setMaxSize(maxFileBytes + MAX_PARTS * (long) 1024 + 16L * MAX_FIELD_BYTES);
        parser.setMaxFileCount(MAX_PARTS);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String filename = null;
        Path file = null;
        long size = 0;
        Digests.Result digests = null;
        boolean done = false;
        try {
            FileItemInputIterator items = parser.getItemIterator(new Context(request, contentType));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                String field = item.getFieldName();
                if (field == null) {
                    throw new UploadRejected("A form part has no field name");
                }
                if (item.isFormField() || !field.equals("content")) {
                    try (InputStream in = item.getInputStream()) {
                        fields.computeIfAbsent(field, k -> new ArrayList<>()).add(readField(field, in));
                    }
                    continue;
                }
                if (file != null) {
                    throw new UploadRejected("More than one 'content' file part");
                }
                beforeFile.accept(fields);
                filename = item.getName();
                if (filename == null || filename.isEmpty()) {
                    throw new UploadRejected("The 'content' part has no filename");
                }
                file = dataDir.newTempFile("upload");
                Digests d = new Digests();
                try (InputStream in = item.getInputStream();
                        OutputStream out = Files.newOutputStream(file)) {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        size += n;
                        if (size > maxFileBytes) {
                            throw tooLarge(maxFileBytes);
                        }
                        d.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                digests = d.finish();
            }
            done = true;
        } catch (FileUploadSizeException e) {
            throw tooLarge(maxFileBytes);
        } catch (FileUploadException e) {
            throw new UploadRejected("Malformed multipart body: " + e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof FileUploadException fe) {
                throw new UploadRejected("Malformed multipart body: " + fe.getMessage());
            }
            throw e;
        } finally {
            if (!done && file != null) {
                Files.deleteIfExists(file);
            }
        }
        return new UploadForm(fields, filename, file, size, digests);
    }

    private static UploadRejected tooLarge(long max) {
        return new UploadRejected("File too large: the limit is " + max + " bytes");
    }

    private static String readField(String field, InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_FIELD_BYTES) {
                throw new UploadRejected("Form field '" + field + "' is longer than " + MAX_FIELD_BYTES + " bytes");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The first value of a text field, or null. */
    public String field(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The file part's filename as sent, or null when the body had no {@code content} file part. */
    public String filename() {
        return filename;
    }

    /** The temp file holding the uploaded bytes, or null. */
    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    Digests.Result digests() {
        return digests;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** commons-fileupload's parser over our host-neutral request; only the streaming API is used. */
    private static final class Parser extends AbstractFileUpload<MirrorRequest, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(MirrorRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(MirrorRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DiskFileItem> parseRequest(MirrorRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    private record Context(MirrorRequest request, String contentType) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public long getContentLength() {
            String length = request.header("Content-Length");
            try {
                return length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return request.body();
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
