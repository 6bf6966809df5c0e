package io.jenkins.plugins.pythonmirror.privateindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.access.RolePolicy;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivatePackagesTest {

    private static final ProjectName ACME = ProjectName.parse("acme-lib");
    private static final Caller READER = new Caller("rita", Role.READER);
    private static final String SHA_PRIVATE = "1".repeat(64);
    private static final String SHA_UPSTREAM = "2".repeat(64);

    @TempDir
    Path tmp;

    private PrivateIndex index;
    private final AtomicInteger upstreamAsked = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        DataDir dataDir = DataDir.open(tmp.resolve("data"));
        index = PrivateIndex.open(dataDir);
        Path temp = dataDir.newTempFile("t");
        Files.writeString(temp, "x");
        index.add(
                ACME,
                "acme-lib",
                new PrivateFile(
                        "acme_lib-1.0-py3-none-any.whl", "1.0", SHA_PRIVATE, "b", 1, null, null, false, null, "t", "u"),
                temp,
                null);
    }

    private PrivatePackages packages(List<String> patterns, List<String> allowlist) {
        return new PrivatePackages(index, patterns, allowlist, new RolePolicy(true), false);
    }

    private Supplier<ProjectPage> upstream() {
        return () -> {
            upstreamAsked.incrementAndGet();
            return ProjectPage.of(
                    "acme-lib",
                    List.of(
                            FileEntry.of(
                                    "acme_lib-1.0-py3-none-any.whl",
                                    "../../files/" + SHA_UPSTREAM + "/acme_lib-1.0-py3-none-any.whl",
                                    Map.of("sha256", SHA_UPSTREAM)),
                            FileEntry.of(
                                    "acme_lib-9.0-py3-none-any.whl",
                                    "../../files/" + "3".repeat(64) + "/acme_lib-9.0-py3-none-any.whl",
                                    Map.of("sha256", "3".repeat(64)))));
        };
    }

    @Test
    void aPrivateProjectNeverAsksUpstream() {
        ProjectPage page = packages(List.of(), List.of())
                .page(ACME, READER, upstream())
                .orElseThrow()
                .page();
        assertThat(page.files()).extracting(FileEntry::sha256).containsExactly(SHA_PRIVATE);
        assertThat(upstreamAsked).hasValue(0);
        assertThat(packages(List.of(), List.of()).page(ProjectName.parse("other"), READER, upstream()))
                .isEmpty();
    }

    @Test
    void anAllowlistedProjectMergesUpstreamBelowAndThePrivateFileWinsAClash() {
        ProjectPage page = packages(List.of(), List.of("acme-*"))
                .page(ACME, READER, upstream())
                .orElseThrow()
                .page();
        assertThat(page.files()).extracting(FileEntry::sha256).containsExactly(SHA_PRIVATE, "3".repeat(64));
        assertThat(page.versions()).containsExactly("1.0", "9.0");
    }

    @Test
    void anonymousCallersGetTheUnknownProjectAnswer() {
        PrivatePackages p = packages(List.of(), List.of());
        assertThatThrownBy(() -> p.page(ACME, Caller.ANONYMOUS, upstream()))
                .isInstanceOf(MirrorException.NotFound.class)
                .hasMessage("No upstream has a project named 'acme-lib'");
        assertThatThrownBy(() -> p.file(new FileKey(SHA_PRIVATE, "acme_lib-1.0-py3-none-any.whl"), Caller.ANONYMOUS))
                .isInstanceOf(MirrorException.NotFound.class);
        assertThat(p.indexNames(List.of("six"), Caller.ANONYMOUS)).containsExactly("six");
        assertThat(p.indexNames(List.of("six"), READER)).containsExactly("acme-lib", "six");
        assertThat(p.links(Caller.ANONYMOUS)).isEmpty();
        assertThat(p.links(READER)).singleElement().satisfies(f -> assertThat(f.url())
                .isEqualTo("../files/" + SHA_PRIVATE + "/acme_lib-1.0-py3-none-any.whl"));
    }

    @Test
    void filesOfPrivateNamesNeverGoUpstream() {
        PrivatePackages p = packages(List.of("corp-*"), List.of());
        assertThat(p.file(new FileKey(SHA_PRIVATE, "acme_lib-1.0-py3-none-any.whl"), READER))
                .isPresent();
        // Unknown bytes of a private project, or any file of a pattern name: 404, not an upstream download.
        assertThatThrownBy(() -> p.file(new FileKey(SHA_UPSTREAM, "acme_lib-9.0-py3-none-any.whl"), READER))
                .isInstanceOf(MirrorException.NotFound.class);
        assertThatThrownBy(() -> p.file(new FileKey(SHA_UPSTREAM, "corp_x-1.0.tar.gz"), READER))
                .isInstanceOf(MirrorException.NotFound.class);
        assertThat(p.file(new FileKey(SHA_UPSTREAM, "six-1.0.tar.gz"), READER)).isEmpty();
        assertThat(packages(List.of(), List.of("acme-lib"))
                        .file(new FileKey(SHA_UPSTREAM, "acme_lib-9.0-py3-none-any.whl"), READER))
                .as("allowlisted: upstream files may be fetched")
                .isEmpty();
    }

    @Test
    void aYankReplacesTheRenderedPage() throws Exception {
        PrivatePackages p = packages(List.of(), List.of());
        var before = p.page(ACME, READER, upstream()).orElseThrow();
        assertThat(p.page(ACME, READER, upstream())).containsSame(before);
        index.setYanked(ACME, "acme_lib-1.0-py3-none-any.whl", true, "why");
        var after = p.page(ACME, READER, upstream()).orElseThrow();
        assertThat(after).isNotSameAs(before);
        assertThat(after.page().files().get(0).yankedReason()).isEqualTo("why");
    }
}
