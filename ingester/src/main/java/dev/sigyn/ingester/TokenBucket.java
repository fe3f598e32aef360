package dev.sigyn.ingester;

/**
 * A token bucket in bytes, with the semantics of Go's {@code rate.Limiter} that Loki uses for per-stream limits: it
 * starts full, refills at {@code ratePerSecond} up to {@code burst}, and refuses a request larger than the burst.
 * A rate of zero or less means no limit. Not thread-safe: the owner's lock guards it (a stream's, here).
 */
public final class TokenBucket {
    private double tokens = Double.NaN; // NaN until first use: a new bucket starts full
    private long lastMillis;

    /**
     * Takes {@code amount} tokens if the bucket holds that many now. The rate and burst are the stream's limits at
     * this moment: a tenant's overrides may change them between two calls, and a lowered burst applies at once.
     */
    public boolean tryTake(long amount, long nowMillis, double ratePerSecond, double burst) {
        if (ratePerSecond <= 0) return true;
        if (Double.isNaN(tokens)) {
            tokens = burst;
            lastMillis = nowMillis;
        } else if (nowMillis > lastMillis) {
            tokens = tokens + (nowMillis - lastMillis) / 1000.0 * ratePerSecond;
            lastMillis = nowMillis;
        }
        tokens = Math.min(tokens, burst);
        if (amount > tokens) return false;
        tokens -= amount;
        return true;
    }
}
