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
 * fields are kept in memory (each bounded, and all of them together bounded by {@link #MAX_FIELDS_TOTAL_BYTES},
 * separately from the file limit), the {@code content} file part streams to a temp file in {@code tmp/}
 * while it is hashed (sha256, BLAKE2b-256, md5) and counted against the size limit. Nothing is kept in memory in
 * proportion to the file. {@link #close()} deletes the temp file unless it was moved away.
 */
public final class UploadForm implements AutoCloseable {

    /** The longest text field accepted (a long README in {@code description} fits easily). */
    static final int MAX_FIELD_BYTES = 4 * 1024 * 1024;

    /**
     * The most bytes all text fields of one request may hold together, so that the memory one request can pin before
     * any permission check is small and fixed, whatever the file limit. Real uploads send a few dozen short metadata
     * fields plus one {@code description} (a README, rarely more than some hundred KiB); this leaves room for a
     * description at the per-field limit plus 4 MiB for everything else.
     */
    static final int MAX_FIELDS_TOTAL_BYTES = 2 * MAX_FIELD_BYTES;

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
        Context context = new Context(request, contentType, new BodyInput(request));
        Parser parser = new Parser();
        // The body may hold the file, all text fields and the part headers and boundaries (a generous 1 KiB a part).
        parser.setMaxSize(maxFileBytes + MAX_PARTS * (long) 1024 + MAX_FIELDS_TOTAL_BYTES);
        parser.setMaxFileCount(MAX_PARTS);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String filename = null;
        Path file = null;
        long size = 0;
        long fieldBytes = 0;
        Digests.Result digests = null;
        boolean done = false;
        try {
            FileItemInputIterator items = parser.getItemIterator(context);
            while (items.hasNext()) {
                FileItemInput item = items.next();
                String field = item.getFieldName();
                if (field == null) {
                    throw new UploadRejected("A form part has no field name");
                }
                if (item.isFormField() || !field.equals("content")) {
                    byte[] value;
                    try (InputStream in = item.getInputStream()) {
                        value = readField(field, in, MAX_FIELDS_TOTAL_BYTES - fieldBytes);
                    }
                    fieldBytes += value.length;
                    fields.computeIfAbsent(field, k -> new ArrayList<>())
                            .add(new String(value, StandardCharsets.UTF_8));
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
            context.body.checkComplete(context.getContentLength());
            throw new UploadRejected("Malformed multipart body: " + e.getMessage());
        } catch (IOException e) {
            // Reading the request failed (the client hung up): a 400 with the reason, not an internal error.
            context.body.checkComplete(context.getContentLength());
            if (e.getCause() instanceof FileUploadException fe) {
                throw new UploadRejected("Malformed multipart body: " + fe.getMessage());
            }
            throw e; // writing the temp file failed: the data disk's trouble (the handler maps a full disk to 507)
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

    /**
     * Reads one text field, refusing it as soon as it passes {@link #MAX_FIELD_BYTES} or the {@code remaining} bytes
     * of the all-fields budget; never holds more than one buffer beyond the smaller limit.
     */
    private static byte[] readField(String field, InputStream in, long remaining) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + (long) n > MAX_FIELD_BYTES) {
                throw new UploadRejected(
                        "Form field '" + sanitize(field) + "' is longer than " + MAX_FIELD_BYTES + " bytes");
            }
            if (out.size() + (long) n > remaining) {
                throw new UploadRejected("Form fields larger than " + MAX_FIELDS_TOTAL_BYTES
                        + " bytes in total (not counting the file)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A client-sent name made safe for a one-line message. */
    private static String sanitize(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 100 ? oneLine.substring(0, 100) + "..." : oneLine;
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

    /**
     * The request body, counted; remembers whether reading it failed, so a client that hangs up mid-body is told
     * apart from a disk that cannot take the file.
     */
    private static final class BodyInput extends InputStream {
        private final MirrorRequest request;
        private InputStream in;
        private long read;
        private IOException failure;

        BodyInput(MirrorRequest request) {
            this.request = request;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = request.body();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in().read(b, off, len);
                if (n > 0) {
                    read += n;
                }
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }

        /** Throws {@link BodyCutOff} when reading the body failed (early end of stream, reset). */
        void checkComplete(long contentLength) {
            if (failure != null) {
                throw new BodyCutOff("The upload body ended after " + read + " of "
                        + (contentLength >= 0 ? contentLength + " bytes" : "its bytes")
                        + ": the client hung up or the connection broke; nothing was stored");
            }
        }
    }

    /** 400: the client stopped sending the body before its end. */
    public static final class BodyCutOff extends UploadRejected {
        BodyCutOff(String reason) {
            super(reason);
        }
    }

    private record Context(MirrorRequest request, String contentType, BodyInput body) implements RequestContext {
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
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
