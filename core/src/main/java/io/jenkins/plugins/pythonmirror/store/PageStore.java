package io.jenkins.plugins.pythonmirror.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.PageParser;
import io.jenkins.plugins.pythonmirror.simple.PageReader;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.simple.StreamedFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
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
 * Cached upstream pages on disk, one file per project: the page in its PEP 691 JSON form and, beside it, the
 * validators it was fetched with. Written and read as a stream, so a page of any size costs bounded memory: a page
 * of up to {@link StreamedFiles#IN_MEMORY_LIMIT} files is loaded into memory, a larger one is handed out with its
 * files {@link StreamedFiles streamed} from the stored file on each use.
 *
 * <p>The file is {@code {"page": {"files": [...], "meta": ..., "name": ..., "versions": [...], ...}, "format": 1,
 * "source": ..., "etag": ..., "lastModified": ..., "serial": ..., "fetchedAt": ...}}; the files come first so that
 * a page can be written while it is read from upstream, before its trailing fields are known. Fields are read in
 * any order (older files put the envelope first).
 */
public final class PageStore {

    private static final Logger LOG = Logger.getLogger(PageStore.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int FORMAT = 1;

    private final DataDir dataDir;
    /** The bucket shared with other nodes, or null: pages are kept there too so a node can serve them offline. */
    private final SharedStorage shared;

    public PageStore(DataDir dataDir) {
        this(dataDir, null);
    }

    public PageStore(DataDir dataDir, SharedStorage shared) {
        this.dataDir = dataDir;
        this.shared = shared;
    }

    static String sharedKeyOf(ProjectName project) {
        return "pages/" + project.normalized() + ".json";
    }

    private Path pathOf(ProjectName project) {
        return dataDir.pages().resolve(project.normalized() + ".json");
    }

    /** A new temp file on the data directory's filesystem (for an upstream body on its way in). */
    public Path newTempFile(String hint) throws IOException {
        return dataDir.newTempFile(hint);
    }

    /** The stored page, or empty; an unreadable file is logged and treated as absent. */
    public Optional<StoredPage> load(ProjectName project) {
        Path path = pathOf(project);
        try {
            return read(path);
        } catch (NoSuchFileException e) {
            return loadShared(project, path);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Ignoring unreadable cached page " + path + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The page another node stored in the shared bucket, copied here first: it is then served, and revalidated, as
     * if this node had fetched it (its validators and fetch time come with it).
     */
    private Optional<StoredPage> loadShared(ProjectName project, Path path) {
        if (shared == null || !shared.reachable()) {
            return Optional.empty();
        }
        try {
            Path temp = dataDir.newTempFile(path.getFileName().toString());
            try {
                if (!shared.call(s -> s.download(sharedKeyOf(project), temp))) {
                    return Optional.empty();
                }
                Optional<StoredPage> page = read(temp);
                if (page.isEmpty()) {
                    return page;
                }
                DataDir.moveAtomically(temp, path);
                return read(path);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the shared page of " + project + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Puts the stored page into the shared bucket (for the other nodes); a failure only costs them a fetch. */
    private void share(ProjectName project, Path stored) {
        if (shared == null || !shared.reachable()) {
            return;
        }
        try {
            shared.call(s -> {
                s.put(sharedKeyOf(project), stored);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warning("Could not put the page of " + project + " into the shared storage: " + e.getMessage());
        }
    }

    private static Optional<StoredPage> read(Path path) throws IOException {
        Envelope env = new Envelope();
        ProjectPage head = null;
        List<FileEntry> files = new ArrayList<>();
        int count = 0;
        try (JsonParser p =
                PageParser.jsonFactory().createParser(new BufferedInputStream(Files.newInputStream(path)))) {
            expect(p.nextToken(), JsonToken.START_OBJECT, path);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("page")) {
                    PageReader reader = PageParser.openJson(p, null);
                    for (FileEntry f = reader.next(); f != null; f = reader.next()) {
                        count++;
                        if (files != null) {
                            if (count <= StreamedFiles.IN_MEMORY_LIMIT) {
                                files.add(f);
                            } else {
                                files = null; // too many to hold: streamed from the file on use
                            }
                        }
                    }
                    head = reader.head();
                } else {
                    env.read(field, p);
                }
            }
        }
        if (env.format != FORMAT || head == null || env.source == null) {
            return Optional.empty();
        }
        ProjectPage page = files != null ? head.withFiles(files) : head.withFiles(storedFiles(path, count, null));
        return Optional.of(new StoredPage(page, env.source, env.etag, env.lastModified, env.serial, env.fetchedAt));
    }

    /** The files of the page stored in {@code path}, read again on each iteration. */
    private static StreamedFiles storedFiles(Path path, int count, Object backing) {
        return StreamedFiles.of(() -> openPage(path), count, backing);
    }

    /** A reader of the files of the page in a stored file (fields before and after it are skipped). */
    private static PageReader openPage(Path path) throws IOException {
        // FileInputStream closes its descriptor when collected, should an iteration be dropped half-way.
        JsonParser p =
                PageParser.jsonFactory().createParser(new BufferedInputStream(new FileInputStream(path.toFile())));
        try {
            expect(p.nextToken(), JsonToken.START_OBJECT, path);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("page")) {
                    PageReader page = PageParser.openJson(p, null);
                    return new PageReader() {
                        @Override
                        public FileEntry next() throws IOException {
                            return page.next();
                        }

                        @Override
                        public ProjectPage head() {
                            return page.head();
                        }

                        @Override
                        public void close() throws IOException {
                            p.close();
                        }
                    };
                }
                p.skipChildren();
            }
            throw new IOException("no page in " + path);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, Path path) throws IOException {
        if (actual != expected) {
            throw new IOException("not a stored page: " + path);
        }
    }

    /**
     * Replaces the stored page atomically and returns the page as stored: a page whose files are streamed comes back
     * streaming them from the stored file (a page staged by {@link #stage} is moved into place, not rewritten).
     */
    public StoredPage save(ProjectName project, StoredPage stored) throws IOException {
        Path target = pathOf(project);
        ProjectPage page = stored.page();
        if (page.files() instanceof StreamedFiles sf
                && sf.backing() instanceof Staged staged
                && staged.made == stored) {
            DataDir.moveAtomically(staged.temp, target);
            staged.moved = true;
            share(project, target);
            return stored.withPage(
                    page.withFiles(storedFiles(target, page.files().size(), null)));
        }
        Path temp = dataDir.newTempFile(target.getFileName().toString());
        try {
            try (Writer w = new Writer(temp)) {
                for (FileEntry f : page.files()) {
                    w.add(f);
                }
                w.finish(page, stored);
            }
            DataDir.moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        share(project, target);
        return page.isStreamed()
                ? stored.withPage(
                        page.withFiles(storedFiles(target, page.files().size(), null)))
                : stored;
    }

    /**
     * Starts writing a page that is too large for memory while it is read from upstream; {@link Staged#finish}
     * returns it streaming its files from the staged file, and {@link #save} moves that file into place.
     */
    public Staged stage(String hint) throws IOException {
        return new Staged(dataDir.newTempFile(hint));
    }

    /** A page being written to a temp file; deleted when dropped unless {@link #save} moved it into place. */
    public static final class Staged implements Closeable {
        private final Path temp;
        private final Writer writer;
        private final Cleaner.Cleanable cleanup;
        private int count;
        private StoredPage made;
        private volatile boolean moved;

        private Staged(Path temp) throws IOException {
            this.temp = temp;
            this.writer = new Writer(temp);
            Path file = temp;
            this.cleanup = CLEANER.register(this, () -> deleteQuietly(file));
        }

        public void add(FileEntry f) throws IOException {
            writer.add(f);
            count++;
        }

        /** Ends the file with the page's own fields and the envelope; returns the page streaming from it. */
        public StoredPage finish(ProjectPage head, URI source, String etag, String lastModified, Long serial, long at)
                throws IOException {
            StoredPage envelope = new StoredPage(head, source, etag, lastModified, serial, at);
            writer.finish(head, envelope);
            writer.close();
            made = envelope.withPage(head.withFiles(storedFiles(temp, count, this)));
            return made;
        }

        /** Drops the staged file now (it was not wanted). */
        @Override
        public void close() throws IOException {
            writer.close();
            if (!moved) {
                cleanup.clean();
            }
        }
    }

    /** Discards a page that will not be stored (a stale answer): its staged file, if any, goes now. */
    public void discard(StoredPage page) throws IOException {
        if (page.page().files() instanceof StreamedFiles sf && sf.backing() instanceof Staged staged) {
            staged.close();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // tmp/ is swept at start
        }
    }

    /** Writes the stored form: files first, then the page's own fields and the envelope; fsyncs at the end. */
    private static final class Writer implements Closeable {
        private final FileOutputStream file;
        private final JsonGenerator g;
        private boolean closed;

        Writer(Path path) throws IOException {
            file = new FileOutputStream(path.toFile());
            g = PageParser.jsonFactory().createGenerator(new BufferedOutputStream(file, 64 * 1024), JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeObjectFieldStart("page");
            g.writeArrayFieldStart("files");
        }

        void add(FileEntry f) throws IOException {
            PageRenderer.writeFile(g, f);
        }

        void finish(ProjectPage page, StoredPage envelope) throws IOException {
            g.writeEndArray();
            g.writeObjectFieldStart("meta");
            g.writeStringField("api-version", "1.1");
            if (page.lastSerial() != null) {
                g.writeNumberField("_last-serial", page.lastSerial());
            }
            g.writeEndObject();
            if (page.name() != null) {
                g.writeStringField("name", page.name());
            }
            if (page.projectStatus() != null) {
                g.writeObjectFieldStart("project-status");
                g.writeStringField("status", page.projectStatus());
                if (page.projectStatusReason() != null) {
                    g.writeStringField("reason", page.projectStatusReason());
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("versions");
            for (String v : page.versions()) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("source", envelope.source().toString());
            g.writeStringField("etag", envelope.etag());
            g.writeStringField("lastModified", envelope.lastModified());
            if (envelope.serial() != null) {
                g.writeNumberField("serial", envelope.serial());
            }
            g.writeNumberField("fetchedAt", envelope.fetchedAtMillis());
            g.writeEndObject();
            g.flush();
            file.getFD().sync(); // on disk before it is renamed into place (a crash leaves the old page or this one)
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    g.close();
                } finally {
                    file.close();
                }
            }
        }
    }

    /** The envelope fields as read. */
    private static final class Envelope {
        int format = -1;
        URI source;
        String etag;
        String lastModified;
        Long serial;
        long fetchedAt;

        void read(String field, JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            switch (field) {
                case "format" -> format = p.getValueAsInt(-1);
                case "source" -> source = t == JsonToken.VALUE_STRING ? URI.create(p.getText()) : null;
                case "etag" -> etag = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "lastModified" -> lastModified = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "serial" -> serial = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case "fetchedAt" -> fetchedAt = p.getValueAsLong(0);
                default -> p.skipChildren();
            }
        }
    }

    /**
     * Removes this node's copy (admin purge); a shared bucket's copy stays, as the other nodes' fallback, and is
     * replaced by the next fetch of the page.
     */
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
}
