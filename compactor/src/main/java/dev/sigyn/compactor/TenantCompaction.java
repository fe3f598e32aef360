package dev.sigyn.compactor;

import dev.sigyn.compactor.deletion.ActiveDelete;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.ObjectKeys;
import dev.sigyn.store.index.SeriesChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * One compaction pass over one tenant. For each period (day) that needs it, the index files are read, merged into
 * one, expired chunks and chunks emptied by delete requests are left out, rewritten chunks take the place of the
 * originals, and the merged file is written before the files it replaces are deleted, so readers always find
 * every chunk in one file or the other.
 *
 * <p>A chunk is listed in every period it touches. Its fate is decided once (the first time it is met) and applied
 * in all those periods; when it changes, the other periods are processed too, even those that did not need work.
 * A chunk object is deleted only when every period listing it was rewritten without it.
 */
final class TenantCompaction {
    private static final Logger log = LoggerFactory.getLogger(TenantCompaction.class);

    /** What the pass did for the tenant. */
    record Outcome(int filesMerged, int filesWritten, Map<ChunkDecision.Reason, Integer> chunksRemoved,
                   int chunksRewritten, List<String> chunksToDelete, boolean complete) {}

    private final BlobStore store;
    private final String tenant;
    private final SortedMap<Long, List<String>> filesByPeriod;
    private final RetentionRules retention; // null when retention is off
    private final long nowNanos;
    private final List<ActiveDelete> deletes;
    private final ChunkRewriter rewriter;
    private final String writerId;
    private final LongSupplier sequence;

    private final Map<String, ChunkDecision> decisions = new HashMap<>();
    /** The original refs of chunks that leave the index (removed or replaced). */
    private final Map<String, ChunkRef> leaving = new LinkedHashMap<>();
    private final TreeSet<Long> todo = new TreeSet<>();
    private final Set<Long> done = new HashSet<>();
    private final Set<Long> failed = new HashSet<>();
    /** The period being compacted. */
    private long current;
    private int filesMerged;
    private int filesWritten;
    private int rewritten;
    private final Map<ChunkDecision.Reason, Integer> removed = new EnumMap<>(ChunkDecision.Reason.class);

    TenantCompaction(BlobStore store, String tenant, SortedMap<Long, List<String>> filesByPeriod, RetentionRules retention,
                     long nowNanos, List<ActiveDelete> deletes, ChunkRewriter rewriter, String writerId,
                     LongSupplier sequence) {
        this.store = store;
        this.tenant = tenant;
        this.filesByPeriod = filesByPeriod;
        this.retention = retention;
        this.nowNanos = nowNanos;
        this.deletes = deletes;
        this.rewriter = rewriter;
        this.writerId = writerId;
        this.sequence = sequence;
    }

    Outcome run() {
        long latestCutoff = retention == null ? Long.MIN_VALUE : retention.latestCutoffNanos(nowNanos);
        for (Map.Entry<Long, List<String>> e : filesByPeriod.entrySet()) {
            long period = e.getKey();
            long periodStart = period * ObjectKeys.PERIOD_NANOS;
            long periodEnd = periodStart + ObjectKeys.PERIOD_NANOS - 1;
            // A chunk listed in a period ends at or after the period's start, so it can only be expired if that
            // start is before the latest cutoff.
            boolean mayExpire = periodStart < latestCutoff;
            boolean mayDelete = deletes.stream().anyMatch(d -> d.request().overlaps(periodStart, periodEnd));
            if (e.getValue().size() > 1 || mayExpire || mayDelete) todo.add(period);
        }
        while (!todo.isEmpty()) {
            long period = todo.pollFirst();
            current = period;
            try {
                compact(period);
                done.add(period);
            } catch (IOException | RuntimeException e) {
                failed.add(period);
                log.atWarn().addKeyValue("tenant", tenant).addKeyValue("period", period).setCause(e)
                        .log("compacting the index of a period failed; it is retried on the next pass");
            }
        }
        List<String> deletable = new ArrayList<>();
        for (ChunkRef ref : leaving.values()) {
            if (noIndexLeftListing(ref)) deletable.add(ref.key());
        }
        return new Outcome(filesMerged, filesWritten, Map.copyOf(removed), rewritten, deletable, failed.isEmpty());
    }

    private void compact(long period) throws IOException {
        List<String> keys = filesByPeriod.get(period);
        List<SeriesChunks> all = new ArrayList<>();
        for (String key : keys) {
            IndexFile file = IndexFile.decode(store.get(key));
            if (!file.tenant().equals(tenant) || file.period() != period) {
                throw new IOException("index file " + key + " belongs to tenant " + file.tenant() + " period " + file.period());
            }
            all.addAll(file.series());
        }
        // The IndexFile constructor merges series with equal labels and removes repeated chunk keys.
        List<SeriesChunks> merged = new IndexFile(tenant, period, all).series();

        boolean changed = keys.size() > 1;
        List<SeriesChunks> out = new ArrayList<>(merged.size());
        for (SeriesChunks s : merged) {
            List<ChunkRef> kept = new ArrayList<>(s.chunks().size());
            for (ChunkRef ref : s.chunks()) {
                ChunkDecision d = decide(s.labels(), ref);
                switch (d) {
                    case ChunkDecision.Keep k -> kept.add(ref);
                    case ChunkDecision.Remove r -> changed = true;
                    case ChunkDecision.Replace r -> {
                        changed = true;
                        if (touches(r.replacement(), period)) kept.add(r.replacement());
                    }
                }
            }
            if (!kept.isEmpty()) out.add(new SeriesChunks(s.labels(), kept));
        }
        if (!changed) return;
        if (!out.isEmpty()) {
            store.put(ObjectKeys.indexKey(period, tenant, writerId, sequence.getAsLong()),
                    new IndexFile(tenant, period, out).encode());
            filesWritten++;
        }
        // Only now that the replacement is stored may the files it replaces go.
        for (String key : keys) store.delete(key);
        filesMerged += keys.size();
    }

    private ChunkDecision decide(Labels labels, ChunkRef ref) throws IOException {
        ChunkDecision known = decisions.get(ref.key());
        if (known != null) return known;
        ChunkDecision d;
        if (retention != null && ref.throughNanos() < retention.cutoffNanos(labels, nowNanos)) {
            d = new ChunkDecision.Remove(ChunkDecision.Reason.RETENTION);
        } else {
            List<ActiveDelete> applicable = new ArrayList<>();
            for (ActiveDelete del : deletes) {
                if (del.request().overlaps(ref.fromNanos(), ref.throughNanos()) && del.query().matches(labels)) applicable.add(del);
            }
            d = applicable.isEmpty() ? ChunkDecision.KEEP : rewriter.apply(tenant, labels, ref, applicable);
        }
        decisions.put(ref.key(), d);
        if (!(d instanceof ChunkDecision.Keep)) {
            leaving.put(ref.key(), ref);
            if (d instanceof ChunkDecision.Remove r) removed.merge(r.reason(), 1, Integer::sum);
            else rewritten++;
            // Every other period listing the chunk must be rewritten too.
            for (long p = ObjectKeys.period(ref.fromNanos()); p <= ObjectKeys.period(ref.throughNanos()); p++) {
                if (p != current && filesByPeriod.containsKey(p) && !done.contains(p) && !failed.contains(p)) todo.add(p);
            }
        }
        return d;
    }

    /** True when every period the chunk touches was rewritten without it in this pass (or has no index file). */
    private boolean noIndexLeftListing(ChunkRef ref) {
        for (long p = ObjectKeys.period(ref.fromNanos()); p <= ObjectKeys.period(ref.throughNanos()); p++) {
            if (filesByPeriod.containsKey(p) && !done.contains(p)) return false;
        }
        return true;
    }

    private static boolean touches(ChunkRef ref, long period) {
        return ObjectKeys.period(ref.fromNanos()) <= period && period <= ObjectKeys.period(ref.throughNanos());
    }
}
