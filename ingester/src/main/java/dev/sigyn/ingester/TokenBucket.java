package dev.sigyn.ingester;

/**
 * A token bucket in bytes, with the semantics of Go's {@code rate.Limiter} that Loki uses for per-stream limits: it
 * starts full, refills at {@code ratePerSecond} up to {@code burst}, and refuses a request larger than the burst.
 * A rate of zero or less means no limit. Not thread-safe: the owning stream's lock guards it.
 */
final class TokenBucket {
    private final double ratePerSecond;
    private final double burst;
    private double tokens;
    private long lastMillis;

    TokenBucket(double ratePerSecond, double burst, long nowMillis) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    boolean tryTake(long amount, long nowMillis) {
        if (ratePerSecond <= 0) return true;
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) / 1000.0 * ratePerSecond);
            lastMillis = nowMillis;
        }
        if (amount > tokens) return false;
        tokens -= amount;
        return true;
    }
}
