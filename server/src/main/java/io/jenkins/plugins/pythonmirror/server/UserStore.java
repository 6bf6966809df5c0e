package io.jenkins.plugins.pythonmirror.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.store.ObjectStore;
import io.jenkins.plugins.pythonmirror.store.ObjectStoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The standalone server's users: {@code <data-dir>/users.json}, each user with a role and a bcrypt hash of the
 * password (never the password). The file is replaced atomically (temp file, rename) and readable by its owner
 * only; a running server notices changes made by {@code user add/remove} by the file's identity, modification time
 * and size (each save is a new file, so a change within one timestamp tick is noticed too). A user whose role is not
 * one of {@link UserRole} is kept in the file but gets no access.
 *
 * <pre>
 * {"format": 1, "users": [{"name": "alice", "role": "uploader", "passwordHash": "$2a$10$…"}]}
 * </pre>
 *
 * <p>With a bucket shared by several servers, {@code users.json} in the bucket is the truth: {@code user add} and
 * {@code user remove} change it with a conditional write (retrying when another writer came first), and every
 * server re-reads it at most every {@link #SHARED_REFRESH} into its local file, which keeps authenticating users
 * while the bucket is unreachable.
 */
public final class UserStore {

    public static final String FILE_NAME = "users.json";
    private static final Logger LOG = Logger.getLogger(UserStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // Basic auth splits at the first ':'; keep names plain so they are safe in logs and JSON too.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** bcrypt only reads the first 72 bytes (71 and a terminator); longer passwords are refused, not cut. */
    static final int MAX_PASSWORD_BYTES = 71;

    static final int COST = 10;

    /** One user as stored. */
    public record User(String name, String role, String passwordHash) {
        /** The role, or empty when the file names none a user can have (such a user gets no access). */
        public Optional<UserRole> roleValue() {
            return UserRole.parse(role);
        }
    }

    /** What identifies one version of the file: each save renames a new file into place. */
    private record Stamp(Object fileKey, FileTime modified, long size) {}

    record Document(int format, List<User> users) {}

    static final Duration SHARED_REFRESH = Duration.ofSeconds(2);

    private final Path file;
    /** The shared bucket, or null. */
    private final ObjectStore shared;

    private volatile List<User> users = List.of();
    private volatile Stamp loadedAt;
    private volatile long sharedReadAt;
    private volatile String sharedEtag;
    private final java.util.concurrent.atomic.AtomicBoolean pulling = new java.util.concurrent.atomic.AtomicBoolean();

    private UserStore(Path file, ObjectStore shared) {
        this.file = file;
        this.shared = shared;
    }

    /** The users file of {@code dataDir} (which need not exist yet). */
    public static UserStore open(Path dataDir) throws IOException {
        return open(dataDir, null);
    }

    /** As {@link #open(Path)}, with the users kept in {@code shared} (null: the local file only). */
    public static UserStore open(Path dataDir, ObjectStore shared) throws IOException {
        UserStore store = new UserStore(dataDir.resolve(FILE_NAME), shared);
        if (shared != null) {
            try {
                store.pullShared();
            } catch (ObjectStoreUnavailableException e) {
                LOG.warning("The shared storage is unreachable: using this server's copy of the users ("
                        + e.getMessage() + ")");
            }
        }
        store.reload();
        return store;
    }

    /** Copies the bucket's users file over the local one when it changed. */
    private void pullShared() throws IOException {
        // The read is outside the lock: sign-ins keep using the local copy while the bucket answers.
        Optional<ObjectStore.Versioned> doc = shared.read(FILE_NAME);
        synchronized (this) {
            sharedReadAt = System.nanoTime();
            if (doc.isEmpty()) {
                if (sharedEtag != null || Files.exists(file)) {
                    writeLocal(JSON.writeValueAsBytes(new Document(1, List.of())));
                }
                sharedEtag = null;
                return;
            }
            if (!doc.get().etag().equals(sharedEtag)) {
                writeLocal(doc.get().bytes());
                sharedEtag = doc.get().etag();
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Re-reads the file if it changed since it was last read. */
    public synchronized boolean reloadIfChanged() throws IOException {
        if (shared != null
                && System.nanoTime() - sharedReadAt > SHARED_REFRESH.toNanos()
                && pulling.compareAndSet(false, true)) {
            // Off the request path: a bucket that does not answer must not hold up sign-ins; the local copy serves.
            sharedReadAt = System.nanoTime();
            Thread refresh = new Thread(
                    () -> {
                        try {
                            pullShared();
                        } catch (IOException | RuntimeException e) {
                            LOG.log(
                                    java.util.logging.Level.FINE,
                                    "Cannot read the shared users; using the local copy",
                                    e);
                        } finally {
                            pulling.set(false);
                        }
                    },
                    "python-mirror-users-refresh");
            refresh.setDaemon(true);
            refresh.start();
        }
        Stamp now = stamp();
        if (Objects.equals(now, loadedAt)) {
            return false;
        }
        reload();
        return true;
    }

    private synchronized void reload() throws IOException {
        Stamp stamp = stamp();
        try {
            Document doc = JSON.readValue(Files.readAllBytes(file), Document.class);
            if (doc.format() != 1) {
                throw new IOException("Unknown format " + doc.format() + " of " + file);
            }
            List<User> read = List.copyOf(doc.users() == null ? List.of() : doc.users());
            for (User u : read) {
                if (u.roleValue().isEmpty()) {
                    LOG.warning("User '" + u.name() + "' in " + file + " has the unknown role '" + u.role()
                            + "' (expected " + UserRole.words() + "): that user gets no access");
                }
            }
            users = read;
        } catch (NoSuchFileException e) {
            users = List.of();
        }
        loadedAt = stamp;
    }

    private Stamp stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public List<User> list() {
        List<User> copy = new ArrayList<>(users);
        copy.sort(Comparator.comparing(User::name));
        return copy;
    }

    public Optional<User> find(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** Adds a user, or replaces the role and password of an existing one; returns true if the user is new. */
    public synchronized boolean add(String name, Role role, String password) throws IOException {
        return add(name, UserRole.of(role), password);
    }

    /** Adds a user, or replaces the role and password of an existing one; returns true if the user is new. */
    public synchronized boolean add(String name, UserRole role, String password) throws IOException {
        checkName(name);
        checkPassword(password);
        User user = new User(name, role.word(), hash(password));
        boolean[] added = new boolean[1];
        change(current -> {
            List<User> next = new ArrayList<>(current);
            added[0] = !next.removeIf(u -> u.name().equals(name));
            next.add(user);
            return next;
        });
        return added[0];
    }

    /** Removes a user; false if there was none of that name. */
    public synchronized boolean remove(String name) throws IOException {
        boolean[] removed = new boolean[1];
        change(current -> {
            List<User> next = new ArrayList<>(current);
            removed[0] = next.removeIf(u -> u.name().equals(name));
            return removed[0] ? next : null;
        });
        return removed[0];
    }

    /** The role of {@code name} if {@code password} is right (bcrypt: deliberately slow, ~50–100 ms). */
    public Optional<UserRole> verify(String name, String password) {
        Optional<User> user = find(name);
        if (user.isEmpty()) {
            // Spend the same time as for a wrong password, so timing does not tell which names exist.
            matches(password, DUMMY_HASH);
            return Optional.empty();
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES
                || !matches(password, user.get().passwordHash())) {
            return Optional.empty();
        }
        // A role this version does not know (a typo, or a newer version's file) grants nothing; logged at load.
        return user.get().roleValue();
    }

    private static final String DUMMY_HASH = hash("python-mirror-no-such-user");

    private static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    private static boolean matches(String password, String hash) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A user name is 1-64 of A-Z a-z 0-9 . _ @ - and starts with a letter"
                    + " or digit: '" + name + "'");
        }
        if (name.equals("anonymous")) {
            throw new IllegalArgumentException("'anonymous' is reserved for callers without credentials");
        }
    }

    static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("The password must not be empty");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException(
                    "bcrypt reads at most " + MAX_PASSWORD_BYTES + " bytes of a password;" + " use a shorter one");
        }
    }

    /** Applies {@code change} (null: nothing to write) to the current users and saves the result. */
    private void change(java.util.function.UnaryOperator<List<User>> change) throws IOException {
        if (shared == null) {
            reload();
            List<User> next = change.apply(users);
            if (next != null) {
                save(next);
            }
            return;
        }
        byte[] attempted = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<ObjectStore.Versioned> doc = shared.read(FILE_NAME);
            if (attempted != null
                    && doc.isPresent()
                    && java.util.Arrays.equals(doc.get().bytes(), attempted)) {
                // Our last write landed though its answer was lost (a salted hash makes these bytes ours alone).
                writeLocal(attempted);
                sharedEtag = doc.get().etag();
                reload();
                return;
            }
            List<User> current = doc.isEmpty() ? List.of() : parse(doc.get().bytes());
            List<User> next = change.apply(current);
            if (next == null) {
                return;
            }
            byte[] bytes = JSON.writeValueAsBytes(new Document(1, next));
            attempted = bytes;
            Optional<String> etag = shared.replace(
                    FILE_NAME, bytes, doc.map(ObjectStore.Versioned::etag).orElse(null));
            if (etag.isPresent()) {
                writeLocal(bytes);
                sharedEtag = etag.get();
                sharedReadAt = System.nanoTime();
                reload();
                return;
            }
            try {
                Thread.sleep(10L + 10L * attempt); // another server changed the users first: read again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("The shared users file keeps changing under this command; try again");
    }

    private List<User> parse(byte[] bytes) throws IOException {
        Document doc = JSON.readValue(bytes, Document.class);
        if (doc.format() != 1) {
            throw new IOException("Unknown format " + doc.format() + " of the users file");
        }
        return doc.users() == null ? List.of() : doc.users();
    }

    private void save(List<User> next) throws IOException {
        writeLocal(JSON.writeValueAsBytes(new Document(1, next)));
        reload();
    }

    /** Replaces the local users file atomically, readable by its owner only. */
    private void writeLocal(byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".users-", ".json.part");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem: keep the default permissions
            }
            Files.write(temp, bytes);
            try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
