package dev.sigyn.compactor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RetentionStream;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each stream keeps its lines: {@code limits_config.retention_stream} rules (the matching rule with the
 * highest priority wins, then the shortest period, as in Loki), else {@code limits_config.retention_period}. A
 * period of 0 keeps lines forever. Retention removes whole chunks: a chunk goes once its newest line is older than
 * the stream's period.
 */
public final class RetentionRules {
    private static final Duration MIN_STREAM_PERIOD = Duration.ofHours(24);

    private record Rule(List<LabelMatcher> matchers, int priority, long periodNanos) {
        boolean matches(Labels labels) {
            for (LabelMatcher m : matchers) if (!m.matches(labels)) return false;
            return true;
        }
    }

    private final List<Rule> rules;
    private final long defaultPeriodNanos;

    private RetentionRules(List<Rule> rules, long defaultPeriodNanos) {
        this.rules = List.copyOf(rules);
        this.defaultPeriodNanos = defaultPeriodNanos;
    }

    /**
     * Checks and compiles the rules; throws {@link IllegalArgumentException} naming the bad rule, with Loki's
     * messages ({@code invalid labels matchers: ...}, {@code retention period must be >= 24h was ...}).
     */
    public static RetentionRules from(LimitsConfig limits) {
        if (limits.retentionPeriod().isNegative()) {
            throw new IllegalArgumentException("limits_config.retention_period must not be negative, was " + limits.retentionPeriod());
        }
        List<Rule> rules = new ArrayList<>();
        List<RetentionStream> configured = limits.retentionStream();
        for (int i = 0; i < configured.size(); i++) {
            RetentionStream r = configured.get(i);
            String where = "limits_config.retention_stream[" + i + "] (selector " + r.selector() + "): ";
            List<LabelMatcher> matchers;
            try {
                matchers = Parser.parseSelector(r.selector());
            } catch (ParseException | com.google.re2j.PatternSyntaxException e) {
                throw new IllegalArgumentException(where + "invalid labels matchers: " + e.getMessage(), e);
            }
            if (r.period().compareTo(MIN_STREAM_PERIOD) < 0) {
                throw new IllegalArgumentException(where + "retention period must be >= 24h was " + format(r.period()));
            }
            rules.add(new Rule(matchers, r.priority(), r.period().toNanos()));
        }
        return new RetentionRules(rules, limits.retentionPeriod().toNanos());
    }

    /** The retention period of a stream in nanoseconds; 0 means forever. */
    public long periodNanos(Labels stream) {
        Rule chosen = null;
        for (Rule r : rules) {
            if (!r.matches(stream)) continue;
            if (chosen == null || r.priority() > chosen.priority()
                    || (r.priority() == chosen.priority() && r.periodNanos() < chosen.periodNanos())) {
                chosen = r;
            }
        }
        return chosen != null ? chosen.periodNanos() : defaultPeriodNanos;
    }

    /**
     * Chunks of the stream whose newest entry is before this instant (Unix ns) are expired; {@link Long#MIN_VALUE}
     * when the stream keeps its lines forever.
     */
    public long cutoffNanos(Labels stream, long nowNanos) {
        long period = periodNanos(stream);
        return period <= 0 ? Long.MIN_VALUE : nowNanos - period;
    }

    /** The latest cutoff any stream can have: no chunk whose newest entry is at or after it can be expired. */
    public long latestCutoffNanos(long nowNanos) {
        long shortest = defaultPeriodNanos > 0 ? defaultPeriodNanos : Long.MAX_VALUE;
        for (Rule r : rules) if (r.periodNanos() > 0) shortest = Math.min(shortest, r.periodNanos());
        return shortest == Long.MAX_VALUE ? Long.MIN_VALUE : nowNanos - shortest;
    }

    /** Prometheus' duration form, as Loki prints periods: 1d, 5h, 1h30m. */
    static String format(Duration d) {
        if (d.isZero()) return "0s";
        long ms = d.toMillis();
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        long[] units = {7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};
        String[] names = {"w", "d", "h", "m", "s", "ms"};
        // Prometheus prints years too, but never weeks and days together with years; periods here are days at most.
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }
}
