package dev.sigyn.compactor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RetentionStream;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetentionRulesTest {
    private static final long DAY = Duration.ofDays(1).toNanos();

    private static RetentionRules rules(Duration global, RetentionStream... streams) {
        return RetentionRules.from(LimitsConfig.defaults().withRetentionPeriod(global).withRetentionStream(List.of(streams)));
    }

    @Test
    void streamsMatchingNoRuleUseTheGlobalPeriod() {
        RetentionRules r = rules(Duration.ofDays(7), new RetentionStream("{env=\"dev\"}", 1, Duration.ofDays(1)));
        assertEquals(7 * DAY, r.periodNanos(Labels.of("env", "prod")));
        assertEquals(DAY, r.periodNanos(Labels.of("env", "dev")));
    }

    @Test
    void theHighestPriorityWinsThenTheShortestPeriod() {
        RetentionRules r = rules(Duration.ZERO,
                new RetentionStream("{app=\"web\"}", 1, Duration.ofDays(2)),
                new RetentionStream("{env=\"dev\"}", 5, Duration.ofDays(9)),
                new RetentionStream("{env=~\"d.*\"}", 5, Duration.ofDays(3)));
        assertEquals(3 * DAY, r.periodNanos(Labels.of("app", "web", "env", "dev")));
        assertEquals(2 * DAY, r.periodNanos(Labels.of("app", "web", "env", "prod")));
    }

    @Test
    void aZeroPeriodKeepsLinesForever() {
        RetentionRules r = rules(Duration.ZERO);
        assertEquals(Long.MIN_VALUE, r.cutoffNanos(Labels.of("a", "b"), 100 * DAY));
        assertEquals(Long.MIN_VALUE, r.latestCutoffNanos(100 * DAY));
        assertEquals(98 * DAY, rules(Duration.ofDays(2)).cutoffNanos(Labels.of("a", "b"), 100 * DAY));
    }

    @Test
    void badRulesAreRefusedWithLokisMessages() {
        IllegalArgumentException parse = assertThrows(IllegalArgumentException.class,
                () -> rules(Duration.ZERO, new RetentionStream("{app=", 1, Duration.ofDays(2))));
        assertEquals(true, parse.getMessage().contains("invalid labels matchers: parse error"), parse.getMessage());
        IllegalArgumentException shortPeriod = assertThrows(IllegalArgumentException.class,
                () -> rules(Duration.ZERO, new RetentionStream("{app=\"x\"}", 1, Duration.ofHours(5))));
        assertEquals("limits_config.retention_stream[0] (selector {app=\"x\"}): retention period must be >= 24h was 5h",
                shortPeriod.getMessage());
    }
}
