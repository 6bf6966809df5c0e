package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency confusion through mirror sync: a private name (here by pattern, before any upload), whether listed in
 * the spec or required by a public package, is never looked up upstream unless allowlisted, and nothing of it is
 * downloaded, pinned or listed on {@code links/}.
 */
class SyncPrivateNamesTest {

    private static final String SPEC =
            """
            requirements:
              - app
              - acme-utils
            environments:
              - python: "3.12"
                platforms: [manylinux_2_17_x86_64, linux_x86_64]
            versions: latest
            prereleases: false
            sdists: true
            """;

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private final BuiltDist attacker =
            Dists.wheel("acme-utils", "99.0").module("ORIGIN = 'attacker'\n").build();

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        upstream.addDist("acme-utils", attacker);
        upstream.addDist(
                "app",
                Dists.wheel("app", "1.0").requires("acme-utils>=1.0", "six").build());
        upstream.addDist("six", Dists.wheel("six", "1.16").build());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private Set<String> cachedFiles() throws IOException {
        Path dir = tmp.resolve("data/files");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .collect(Collectors.toSet());
        }
    }

    private String pins() throws IOException {
        Path pins = tmp.resolve("data/state/pins.txt");
        return Files.isRegularFile(pins) ? Files.readString(pins) : "";
    }

    private String links(MirrorServer server) throws Exception {
        HttpResponse<byte[]> r = mirrors.get(server.baseUrl().resolve("links/"));
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aPrivatePatternNameIsNeverLookedUpUpstreamBySync() throws Exception {
        MirrorServer server = mirrors.start(b -> b.privatePatterns(List.of("acme-*")), upstream.simpleUrl());

        SyncReport report = server.mirror().sync(SyncSpec.parse(SPEC), SyncProgress.NONE);

        // Not a page, file or metadata request about the private name reached the upstream.
        assertThat(upstream.requests())
                .as(upstream.requests().toString())
                .noneMatch(r -> r.path().toLowerCase(java.util.Locale.ROOT).contains("acme"));
        assertThat(upstream.downloadCount(attacker.filename())).isZero();
        assertThat(cachedFiles()).noneMatch(n -> n.contains("acme"));
        assertThat(pins()).doesNotContain("acme");
        assertThat(links(server)).doesNotContain("acme").contains("app-1.0-py3-none-any.whl");
        // The public part of the closure is synced as usual, and the report says why acme-utils is not.
        assertThat(report.errors()).isEmpty();
        assertThat(cachedFiles()).contains("app-1.0-py3-none-any.whl", "six-1.16-py3-none-any.whl");
        assertThat(report.skipped())
                .filteredOn(s -> s.project().equals("acme-utils"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.reason())
                        .startsWith("private project: served from the private index, never looked up upstream"));
        assertThat(report.skipped())
                .extracting(SyncReport.Skip::reason)
                .anyMatch(r -> r.contains("required by app 1.0"));
    }

    @Test
    void anAllowlistedPrivateNameIsSyncedFromUpstream() throws Exception {
        MirrorServer server = mirrors.start(
                b -> b.privatePatterns(List.of("acme-*")).allowlist(List.of("acme-utils")), upstream.simpleUrl());

        SyncReport report = server.mirror().sync(SyncSpec.parse(SPEC), SyncProgress.NONE);

        assertThat(report.errors()).isEmpty();
        assertThat(cachedFiles()).contains(attacker.filename());
        assertThat(pins()).contains(attacker.filename());
        assertThat(links(server)).contains(attacker.filename());
    }

    @Test
    void linksNeverListsAPinnedUpstreamFileOfANameThatBecamePrivate() throws Exception {
        // Synced while acme-utils was still public: its upstream file is pinned.
        MirrorServer before = mirrors.start(upstream.simpleUrl());
        assertThat(before.mirror().sync(SyncSpec.parse(SPEC), SyncProgress.NONE).errors())
                .isEmpty();
        assertThat(pins()).contains(attacker.filename());
        before.close();

        // Then the admin declares acme-* private: the stale pin must not be offered on links/.
        MirrorServer after = mirrors.start(b -> b.privatePatterns(List.of("acme-*")), upstream.simpleUrl());
        assertThat(links(after)).doesNotContain("acme").contains("app-1.0-py3-none-any.whl");
    }
}
