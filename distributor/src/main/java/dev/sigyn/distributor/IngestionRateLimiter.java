package dev.sigyn.distributor;

import dev.sigyn.config.LimitsConfig;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Per-tenant ingestion rate limit: a token bucket of {@code ingestion_rate_mb} MiB/s holding at most
 * {@code ingestion_burst_size_mb} MiB, starting full, metering line plus structured metadata bytes. A push is admitted
 * whole or refused whole; a refused push takes no tokens (as Go's {@code rate.Limiter.AllowN}, which Loki uses).
 * With several distributors the rate is the cluster's: each allows 1/N of it, N from {@code distributorCount} (Loki's
 * "global" strategy). The burst is each distributor's, as in Loki, so that one push up to the burst always fits.
 */
final class IngestionRateLimiter {
    private static final double MIB = 1 << 20;

    private final InstantSource clock;
    private final IntSupplier distributorCount;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** The single binary's limiter: the only distributor. */
    IngestionRateLimiter(InstantSource clock) {
        this(clock, () -> 1);
    }

    IngestionRateLimiter(InstantSource clock, IntSupplier distributorCount) {
        this.clock = clock;
        this.distributorCount = distributorCount;
    }

    /** The limit Loki prints, this distributor's share of it: the rate in whole bytes per second. */
    long bytesPerSecond(LimitsConfig limits) {
        return (long) rate(limits);
    }

    private double rate(LimitsConfig limits) {
        return limits.ingestionRateMb() * MIB / Math.max(1, distributorCount.getAsInt());
    }

    /** Takes {@code bytes} tokens from the tenant's bucket if it holds that many now. */
    boolean tryAcquire(String tenant, LimitsConfig limits, long bytes) {
        double rate = rate(limits);
        double burst = limits.ingestionBurstSizeMb() * MIB;
        TokenBucket bucket = buckets.computeIfAbsent(tenant, t -> new TokenBucket());
        return bucket.tryTake(UnixNanos.of(clock.instant()), rate, (long) burst, bytes);
    }

    private static final class TokenBucket {
        private double tokens = Double.NaN; // NaN until first use: a new bucket starts full
        private long lastNanos;

        synchronized boolean tryTake(long nowNanos, double ratePerSecond, long burst, long n) {
            if (Double.isNaN(tokens)) {
                tokens = burst;
                lastNanos = nowNanos;
            } else if (nowNanos > lastNanos) {
                tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * ratePerSecond);
                lastNanos = nowNanos;
            }
            tokens = Math.min(tokens, burst); // the burst may have been lowered by a config change
            if (n > burst || n > tokens) return false;
            tokens -= n;
            return true;
        }
    }
}
