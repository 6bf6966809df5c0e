package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.policy.InvalidPolicyException;
import io.jenkins.plugins.pythonmirror.policy.PolicyDocument;
import io.jenkins.plugins.pythonmirror.policy.PolicyStore;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Logger;

/**
 * The standalone server's {@code --policy-file}: the whole release policy in YAML (the shape of
 * {@link PolicyDocument}), read at start and rewritten by {@code PUT api/policy} through a temporary file in the same
 * folder and an atomic rename, so a crash leaves the old file or the new one.
 */
final class PolicyFile implements PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyFile.class.getName());

    private final Path file;
    private final String overriddenByFlags;

    /**
     * @param overriddenByFlags the command-line options that override the file at start (for the warning a PUT
     *     logs), or null
     */
    PolicyFile(Path file, String overriddenByFlags) {
        this.file = file;
        this.overriddenByFlags = overriddenByFlags;
    }

    Path path() {
        return file;
    }

    /** The policy in the file; a file that does not exist yet is the empty policy (a PUT creates it). */
    static ReleasePolicy read(Path file) throws IOException {
        try {
            return PolicyDocument.parseYaml(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return ReleasePolicy.NONE;
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(file + ": " + e.getMessage());
        }
    }

    @Override
    public void save(ReleasePolicy policy) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, PolicyDocument.toYaml(policy), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        if (overriddenByFlags != null) {
            LOG.warning("The release policy was written to " + file + "; at the next start " + overriddenByFlags
                    + " on the command line override(s) what it says");
        }
    }
}
