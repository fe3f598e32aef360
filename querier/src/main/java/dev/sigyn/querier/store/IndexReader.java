package dev.sigyn.querier.store;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.ObjectKeys;
import dev.sigyn.store.index.SeriesChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finds a tenant's series and chunk refs in the index files of the periods a query touches. The listing is done on
 * every call, so a freshly flushed index file is seen at once; decoded files are cached, as they never change.
 */
final class IndexReader {
    private static final Logger log = LoggerFactory.getLogger(IndexReader.class);
    /** Above this many periods one listing of all index files is cheaper than one listing per period. */
    private static final int MAX_PERIODS_LISTED_ONE_BY_ONE = 64;
    /** A listed file may vanish (the compactor replaced it); listing again finds its replacement. */
    private static final int MAX_ATTEMPTS = 3;

    private record LoadedIndex(IndexFile file, int encodedSize) {}

    private final BlobStore store;
    private final Executor executor;
    private final StoreMetrics metrics;
    private final ObjectCache<LoadedIndex> cache;

    IndexReader(BlobStore store, Executor executor, long cacheBytes, StoreMetrics metrics) {
        this.store = store;
        this.executor = executor;
        this.metrics = metrics;
        this.cache = new ObjectCache<>("index", cacheBytes, (String key, LoadedIndex idx) -> idx.encodedSize(),
                executor, metrics);
    }

    /**
     * Series matching every matcher with chunks overlapping [fromNanos, throughNanos] (both inclusive), merged by
     * labels across index files, with chunk refs deduplicated by key.
     */
    Map<Labels, List<ChunkRef>> select(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos)
            throws IOException {
        Map<Labels, Map<String, ChunkRef>> merged = new LinkedHashMap<>();
        for (IndexFile file : load(tenant, ObjectKeys.period(fromNanos), ObjectKeys.period(throughNanos))) {
            for (SeriesChunks s : file.select(matchers, fromNanos, throughNanos)) {
                Map<String, ChunkRef> refs = merged.computeIfAbsent(s.labels(), l -> new LinkedHashMap<>());
                for (ChunkRef c : s.chunks()) refs.putIfAbsent(c.key(), c);
            }
        }
        Map<Labels, List<ChunkRef>> out = new LinkedHashMap<>();
        merged.forEach((labels, refs) -> out.put(labels, List.copyOf(refs.values())));
        return out;
    }

    private List<IndexFile> load(String tenant, long firstPeriod, long lastPeriod) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<String> keys = list(tenant, firstPeriod, lastPeriod);
            List<CompletableFuture<LoadedIndex>> futures = new ArrayList<>(keys.size());
            for (String key : keys) futures.add(cache.get(key, this::read));
            try {
                List<IndexFile> files = new ArrayList<>(keys.size());
                for (CompletableFuture<LoadedIndex> f : futures) {
                    IndexFile file = Futures.join(f).file();
                    if (file.tenant().equals(tenant)) files.add(file);
                    else log.warn("index file of tenant {} found under tenant {}; ignored", file.tenant(), tenant);
                }
                return files;
            } catch (NoSuchFileException e) {
                if (attempt >= MAX_ATTEMPTS) throw e;
            }
        }
    }

    private LoadedIndex read(String key) {
        try {
            long start = System.nanoTime();
            byte[] data = store.get(key);
            metrics.fetched("index", System.nanoTime() - start, data.length);
            return new LoadedIndex(IndexFile.decode(data), data.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e instanceof NoSuchFileException ? e : new IOException("index file " + key + ": " + e.getMessage(), e));
        }
    }

    private List<String> list(String tenant, long firstPeriod, long lastPeriod) throws IOException {
        List<String> keys = new ArrayList<>();
        if (lastPeriod - firstPeriod < MAX_PERIODS_LISTED_ONE_BY_ONE) {
            // One listing per period, all at once: on S3 each is a round trip.
            List<CompletableFuture<List<String>>> listings = new ArrayList<>();
            for (long p = firstPeriod; p <= lastPeriod; p++) {
                String prefix = ObjectKeys.indexPrefix(p, tenant);
                listings.add(CompletableFuture.supplyAsync(() -> listPeriod(prefix), executor));
            }
            for (CompletableFuture<List<String>> l : listings) keys.addAll(Futures.join(l));
            return keys;
        }
        // Long ranges: one listing of everything, keeping index/<period>/<tenant>/<file> within the range.
        for (String key : store.list("index/")) {
            ObjectKeys.IndexFile file = ObjectKeys.parseIndexKey(key);
            if (file != null && file.tenant().equals(tenant) && file.period() >= firstPeriod
                    && file.period() <= lastPeriod) {
                keys.add(key);
            }
        }
        return keys;
    }

    private List<String> listPeriod(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            for (String key : store.list(prefix)) {
                if (key.indexOf('/', prefix.length()) < 0) keys.add(key); // not a deeper (other tenant's) path
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
