package dev.sigyn.writelog;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The distributor's per-stream buckets: what they allow is the Kafka tests' concern; here, that they do not pile up. */
class StreamRateLimiterTest {
    private final MutableClock clock = new MutableClock();
    private final StreamRateLimiter limiter = new StreamRateLimiter(clock, () -> 1);
    private static final List<Entry> ENTRIES = List.of(new Entry(1, "x".repeat(100), Labels.EMPTY));

    @Test
    void aStreamIdleLongEnoughToRefillIsForgotten() {
        LimitsConfig limits = LimitsConfig.defaults().withPerStreamRateLimit(1000).withPerStreamRateLimitBurst(1000);
        limiter.admit("t", Labels.of("app", "a"), ENTRIES, limits);
        clock.advance(Duration.ofSeconds(61));

        limiter.admit("t", Labels.of("app", "b"), ENTRIES, limits);

        assertEquals(1, limiter.trackedStreams());
    }

    @Test
    void aStreamWhoseBucketIsStillRefillingIsKept() {
        // 100 s to refill 100 000 bytes at 1000 bytes/s: forgetting it after a minute would give it a full bucket
        LimitsConfig limits = LimitsConfig.defaults().withPerStreamRateLimit(1000).withPerStreamRateLimitBurst(100_000);
        limiter.admit("t", Labels.of("app", "a"), ENTRIES, limits);
        clock.advance(Duration.ofSeconds(61));

        limiter.admit("t", Labels.of("app", "b"), ENTRIES, limits);

        assertEquals(2, limiter.trackedStreams());
    }

    @Test
    void withoutALimitNoStreamIsTracked() {
        LimitsConfig limits = LimitsConfig.defaults().withPerStreamRateLimit(0);
        assertEquals(1, limiter.admit("t", Labels.of("app", "a"), ENTRIES, limits).accepted().size());
        assertEquals(0, limiter.trackedStreams());
    }
}
