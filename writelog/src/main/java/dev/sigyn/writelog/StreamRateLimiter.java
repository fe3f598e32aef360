package dev.sigyn.writelog;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.ingester.EncodedEntries;
import dev.sigyn.ingester.EntrySize;
import dev.sigyn.ingester.PushErrors;
import dev.sigyn.ingester.TokenBucket;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Loki's {@code per_stream_rate_limit} as the distributors of microservices mode apply it: the ingesters behind Kafka
 * can no longer refuse entries the client was told were taken, so the distributors decide. The limit is the
 * cluster's: each of the N distributors allows a stream 1/N of the rate. The burst is not divided, as in Loki's
 * global ingestion-rate strategy, so that a push that fits the burst in the single binary fits in any one
 * distributor. Entries are judged one by one, in push order, with the single binary's token bucket and messages.
 */
final class StreamRateLimiter {
    /** How often idle buckets are forgotten. */
    private static final long SWEEP_MILLIS = 60_000;

    /** The entries of one stream within the limit, and why the others were refused. */
    record Decision(List<ChunkEntry> accepted, List<PushErrors.Rejected> rejected) {}

    private record StreamKey(String tenant, Labels labels) {}

    private static final class Bucket {
        final TokenBucket tokens = new TokenBucket();
        long lastUsedMillis;
        /** How long the bucket takes to refill from empty at the rate last applied: idle that long, it is full. */
        long refillMillis;
    }

    private final InstantSource clock;
    private final IntSupplier distributorCount;
    private final ConcurrentHashMap<StreamKey, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long nextSweepMillis;

    StreamRateLimiter(InstantSource clock, IntSupplier distributorCount) {
        this.clock = clock;
        this.distributorCount = distributorCount;
    }

    /** This distributor's share of the stream rate limit, in bytes per second; 0 or less means no limit. */
    long bytesPerSecond(LimitsConfig limits) {
        return limits.perStreamRateLimit() / Math.max(1, distributorCount.getAsInt());
    }

    Decision admit(String tenant, Labels labels, List<Entry> entries, LimitsConfig limits) {
        long rate = bytesPerSecond(limits);
        long burst = limits.perStreamRateLimitBurst();
        List<ChunkEntry> accepted = new ArrayList<>(entries.size());
        List<PushErrors.Rejected> rejected = new ArrayList<>(0);
        if (rate <= 0) {
            for (int i = 0; i < entries.size(); i++) accepted.add(EncodedEntries.toChunkEntry(entries, i));
            return new Decision(accepted, rejected);
        }
        long now = clock.millis();
        // compute() holds the bucket's map entry, so that a sweep cannot drop a bucket while a push takes from it.
        buckets.compute(new StreamKey(tenant, labels), (key, bucket) -> {
            Bucket b = bucket != null ? bucket : new Bucket();
            for (int i = 0; i < entries.size(); i++) {
                ChunkEntry e = EncodedEntries.toChunkEntry(entries, i);
                long size = EntrySize.of(e);
                if (b.tokens.tryTake(size, now, rate, burst)) {
                    accepted.add(e);
                } else {
                    rejected.add(new PushErrors.Rejected(e.timestampNanos(),
                            PushErrors.streamRateLimit(rate, labels, size), true));
                }
            }
            b.lastUsedMillis = now;
            b.refillMillis = (long) Math.ceil(burst * 1000.0 / rate);
            return b;
        });
        sweepWhenDue(now);
        return new Decision(accepted, rejected);
    }

    /** Streams this distributor keeps a bucket for. */
    int trackedStreams() {
        return buckets.size();
    }

    /** Forgets buckets idle long enough to be full again: a new bucket starts full, so nothing changes for them. */
    private void sweepWhenDue(long now) {
        if (now < nextSweepMillis) return;
        nextSweepMillis = now + SWEEP_MILLIS;
        for (StreamKey key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, b) -> now - b.lastUsedMillis >= b.refillMillis ? null : b);
        }
    }
}
