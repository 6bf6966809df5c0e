package io.jenkins.plugins.pythonmirror.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.Pep700;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.store.DiskSpace;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.store.StoredPage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream project pages with the caching rules of the design: fresh for the TTL, then revalidated with the
 * upstream's validators; a lower serial than ours is a stale CDN copy and ignored; upstream trouble serves the last
 * good page; 404s are remembered briefly; only one refresh per project runs at a time, whoever asks.
 */
public final class PageCache {

    private static final Logger LOG = Logger.getLogger(PageCache.class.getName());

    /** How long a request waits for a refresh before it takes the cached page and lets the refresh finish. */
    static final Duration STALE_AFTER = Duration.ofSeconds(5);

    private final MirrorSettings settings;
    private final Upstreams upstreams;
    private final PageStore store;
    private final Counters counters;
    private final Clock clock;
    private final ExecutorService executor;
    private final Cache<ProjectName, StoredPage> memory;
    private final Cache<ProjectName, Boolean> notFound;
    private final ConcurrentHashMap<ProjectName, CompletableFuture<Lookup>> refreshing = new ConcurrentHashMap<>();

    /**
     * A page as served.
     *
     * @param page the page
     * @param fromCache whether it was answered without a new page from upstream (fresh, revalidated or stale)
     * @param stale whether upstream could not confirm it (failure or offline)
     */
    public record Lookup(StoredPage page, boolean fromCache, boolean stale) {}

    public PageCache(
            MirrorSettings settings,
            Upstreams upstreams,
            PageStore store,
            Counters counters,
            Clock clock,
            ExecutorService executor) {
        this.settings = settings;
        this.upstreams = upstreams;
        this.store = store;
        this.counters = counters;
        this.clock = clock;
        this.executor = executor;
        // Bounded: memory stays flat however many projects are cached; the rest is read from disk.
        this.memory = Caffeine.newBuilder()
                .maximumWeight(MEMORY_BUDGET)
                .weigher((ProjectName p, StoredPage page) -> weightOf(page.page()))
                .build();
        this.notFound = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(settings.notFoundTtl())
                .build();
    }

    /**
     * Roughly how many bytes of heap the parsed pages kept in memory may take; the rest are read from disk. Bounded
     * by size, not count: one project page can list tens of thousands of files.
     */
    static final long MEMORY_BUDGET =
            Math.min(128L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8);

    /**
     * An estimate of a parsed page's heap size: about a kilobyte per file entry held in memory; a page whose files
     * are streamed from disk holds only its versions.
     */
    static int weightOf(io.jenkins.plugins.pythonmirror.simple.ProjectPage page) {
        if (page.isStreamed()) {
            return 1_024 + 64 * page.versions().size();
        }
        return 1_024 + 1_024 * page.files().size();
    }

    private void discard(StoredPage page) {
        try {
            store.discard(page);
        } catch (IOException e) {
            LOG.fine(() -> "Could not drop a staged page: " + e.getMessage());
        }
    }

    /** The cached page without asking upstream, or empty. */
    public Optional<StoredPage> peek(ProjectName project) {
        StoredPage cached = memory.getIfPresent(project);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StoredPage> loaded = store.load(project);
        loaded.ifPresent(p -> memory.put(project, p));
        return loaded;
    }

    /**
     * The page for {@code project} by the caching rules.
     *
     * @throws MirrorException.NotFound when no upstream has it (or offline and nothing cached)
     * @throws MirrorException.Upstream when upstreams fail and nothing is cached
     */
    public Lookup get(ProjectName project) {
        Optional<StoredPage> cached = peek(project);
        long now = clock.millis();
        if (cached.isPresent()
                && now - cached.get().fetchedAtMillis() < settings.pageTtl().toMillis()) {
            return new Lookup(cached.get(), true, false);
        }
        if (settings.offline()) {
            if (cached.isPresent()) {
                return new Lookup(cached.get(), true, true);
            }
            throw new MirrorException.NotFound("Project '" + project + "' is not cached and the mirror is offline");
        }
        if (cached.isEmpty() && notFound.getIfPresent(project) != null) {
            throw new MirrorException.NotFound("No upstream has a project named '" + project + "'");
        }
        CompletableFuture<Lookup> refresh = startRefresh(project, cached.orElse(null));
        if (cached.isPresent()) {
            try {
                return await(project, refresh, STALE_AFTER);
            } catch (TimeoutException e) {
                // Upstream is slow: answer with what we have; the refresh completes in the background.
                counters.staleServes.increment();
                return new Lookup(cached.get(), true, true);
            }
        }
        return await(project, refresh);
    }

    /**
     * Asks the upstream now, whatever the cached page's age (mirror sync): a conditional request when a page is
     * cached, so an unchanged page costs one 304. Joins a refresh already running. Upstream trouble answers the
     * cached page marked stale, as {@link #get} does.
     *
     * @throws MirrorException.NotFound when no upstream has it
     * @throws MirrorException.Upstream when the mirror is offline, or upstreams fail and nothing is cached
     */
    public Lookup revalidate(ProjectName project) {
        if (settings.offline()) {
            throw new MirrorException.Upstream("the mirror is offline; sync needs an upstream", null);
        }
        return await(project, startRefresh(project, peek(project).orElse(null)));
    }

    private static Lookup await(ProjectName project, CompletableFuture<Lookup> refresh) {
        try {
            return await(project, refresh, null);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was set", e);
        }
    }

    /** The refresh's answer, its engine error unwrapped; {@code limit} null waits as long as it takes. */
    private static Lookup await(ProjectName project, CompletableFuture<Lookup> refresh, Duration limit)
            throws TimeoutException {
        try {
            return limit == null ? refresh.get() : refresh.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MirrorException me) {
                throw me;
            }
            throw new MirrorException.Upstream("refreshing " + project + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MirrorException.Upstream("interrupted", e);
        }
    }

    /** Starts a refresh of {@code project}, or joins the one already running. */
    private CompletableFuture<Lookup> startRefresh(ProjectName project, StoredPage previous) {
        CompletableFuture<Lookup> mine = new CompletableFuture<>();
        CompletableFuture<Lookup> running = refreshing.putIfAbsent(project, mine);
        if (running != null) {
            return running;
        }
        executor.execute(() -> {
            // Leave the map before completing: a request that comes after this refresh ended starts a new one
            // instead of joining a finished one and getting its (older) answer.
            try {
                Lookup result = refresh(project, previous);
                refreshing.remove(project, mine);
                mine.complete(result);
            } catch (Throwable t) {
                refreshing.remove(project, mine);
                mine.completeExceptionally(t);
            }
        });
        return mine;
    }

    /** Forgets a project's cached page (admin purge). */
    public void forget(ProjectName project) throws IOException {
        memory.invalidate(project);
        notFound.invalidate(project);
        store.delete(project);
    }

    private Lookup refresh(ProjectName project, StoredPage previous) {
        PageFetch fetch;
        try {
            fetch = upstreams.fetchPage(project, previous, store);
        } catch (MirrorException e) {
            if (e.status() == 507) {
                counters.dataDiskFull();
                LOG.warning("Could not store the page of " + project + ": " + e.getMessage());
            } else if (!(e instanceof MirrorException.Upstream)) {
                throw e;
            }
            if (previous != null) {
                counters.staleServes.increment();
                LOG.log(Level.INFO, "Serving cached page of " + project + ": " + e.getMessage());
                return new Lookup(previous, true, true);
            }
            throw e;
        }
        long now = clock.millis();
        if (fetch instanceof PageFetch.NotModified) {
            StoredPage touched = previous.withFetchedAt(now);
            memory.put(project, touched);
            return new Lookup(touched, true, false);
        }
        if (fetch instanceof PageFetch.Missing) {
            if (previous != null) {
                // The project vanished upstream (or the upstream is misconfigured): keep serving what builds
                // already depend on, and say so in the counters, rather than break cached installs.
                counters.staleServes.increment();
                return new Lookup(previous, true, true);
            }
            notFound.put(project, Boolean.TRUE);
            throw new MirrorException.NotFound("No upstream has a project named '" + project + "'");
        }
        StoredPage fetched = ((PageFetch.Fetched) fetch).page();
        if (previous != null && !fetched.page().isStreamed() && !previous.page().isStreamed()) {
            // An HTML upstream gives no sizes or upload times (PEP 700): keep those an earlier answer gave. (Not for
            // pages too large for memory: that would hold both whole.)
            fetched = new StoredPage(
                    Pep700.withKnownFileFacts(fetched.page(), previous.page()),
                    fetched.source(),
                    fetched.etag(),
                    fetched.lastModified(),
                    fetched.serial(),
                    fetched.fetchedAtMillis());
        }
        if (previous != null
                && previous.serial() != null
                && fetched.serial() != null
                && fetched.serial() < previous.serial()) {
            // A CDN served an older copy than the one we hold: keep ours.
            counters.staleUpstreamPages.increment();
            discard(fetched);
            StoredPage touched = previous.withFetchedAt(now);
            memory.put(project, touched);
            return new Lookup(touched, true, false);
        }
        try {
            fetched = store.save(project, fetched);
        } catch (IOException e) {
            if (DiskSpace.isFull(e)) {
                counters.dataDiskFull();
            }
            LOG.warning("Could not store the page of " + project + "; serving it uncached: "
                    + (DiskSpace.isFull(e) ? DiskSpace.FULL_MESSAGE + " (" + e.getMessage() + ")" : e.toString()));
        }
        memory.put(project, fetched);
        notFound.invalidate(project);
        return new Lookup(fetched, false, false);
    }
}
