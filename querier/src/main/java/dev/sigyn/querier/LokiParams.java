package dev.sigyn.querier;

import io.vertx.core.MultiMap;

import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;
import dev.sigyn.format.GoInts;
import dev.sigyn.format.Quoting;
import dev.sigyn.format.Timestamps;
import dev.sigyn.logql.Direction;

import java.util.Locale;

/**
 * Query parameters parsed the way Loki's {@code pkg/loghttp} parses them, with its defaults and its error texts
 * (clients show those texts to users). All times are Unix nanoseconds.
 */
public final class LokiParams {
    static final int DEFAULT_LIMIT = 100;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long DEFAULT_SINCE_NANOS = 3600 * NANOS_PER_SECOND;
    static final long MAX_POINTS_PER_SERIES = 11_000;


    private LokiParams() {}

    /** The start and end of a range: {@code start}, {@code end}, {@code since} as Loki's {@code bounds} reads them. */
    record Bounds(long startNanos, long endNanos) {}

    /** A parsed {@code query_range} request. */
    record RangeParams(String query, long startNanos, long endNanos, long stepNanos, long intervalNanos,
                       Direction direction, int limit) {}

    /** A parsed instant {@code query} request. */
    record InstantParams(String query, long timeNanos, Direction direction, int limit) {}

    static RangeParams rangeQuery(FormValues form, long nowNanos) {
        String query = form.get("query");
        Bounds bounds = bounds(form, nowNanos);
        long start = bounds.startNanos(), end = bounds.endNanos();
        if (end < start) throw QueryError.badRequest("end timestamp must not be before or equal to start time");
        int limit = limit(form);
        Direction direction = direction(form);
        long step = step(form.get("step"), start, end);
        if (step <= 0) {
            throw QueryError.badRequest(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > MAX_POINTS_PER_SERIES) {
            throw QueryError.badRequest("exceeded maximum resolution of 11,000 points per time series. "
                    + "Try increasing the value of the step parameter");
        }
        String intervalText = form.get("interval");
        long interval = intervalText.isEmpty() ? 0 : secondsOrDuration(intervalText);
        if (interval < 0) throw QueryError.badRequest("interval must be >= 0");
        return new RangeParams(query, start, end, step, interval, direction, limit);
    }

    static InstantParams instantQuery(FormValues form, long nowNanos) {
        String query = form.get("query");
        int limit = limit(form);
        long time;
        try {
            time = timestamp(form.get("time"), nowNanos);
        } catch (IllegalArgumentException e) {
            throw QueryError.badRequest(e.getMessage());
        }
        return new InstantParams(query, time, direction(form), limit);
    }

    /** Loki's {@code determineBounds}: end defaults to now, start to min(end, now) minus {@code since} (1h). */
    static Bounds bounds(FormValues form, long nowNanos) {
        long since = DEFAULT_SINCE_NANOS;
        String sinceText = form.get("since");
        if (!sinceText.isEmpty()) {
            try {
                since = Durations.parsePrometheus(sinceText);
            } catch (IllegalArgumentException e) {
                throw QueryError.badRequest("could not parse 'since' parameter: " + e.getMessage());
            }
        }
        long end;
        try {
            end = timestamp(form.get("end"), nowNanos);
        } catch (IllegalArgumentException e) {
            throw QueryError.badRequest("could not parse 'end' parameter: " + e.getMessage());
        }
        // A future end must not push the default start into the future too.
        long endOrNow = Math.min(end, nowNanos);
        try {
            return new Bounds(timestamp(form.get("start"), endOrNow - since), end);
        } catch (IllegalArgumentException e) {
            throw QueryError.badRequest("could not parse 'start' parameter: " + e.getMessage());
        }
    }

    /**
     * The start of a live tail from its URL parameters: Loki's tail takes the start of the same bounds as a range
     * query ({@code start}, else the end or now minus {@code since}).
     *
     * @throws IllegalArgumentException with Loki's message for a parameter that does not parse
     */
    public static long tailStart(MultiMap params, long nowNanos) {
        try {
            return bounds(new FormValues(null, params), nowNanos).startNanos();
        } catch (QueryError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    static int limit(FormValues form) {
        String text = form.get("limit");
        if (text.isEmpty()) return DEFAULT_LIMIT;
        long value;
        try {
            value = GoInts.atoi(text);
        } catch (FormatException e) {
            throw QueryError.badRequest(e.getMessage());
        }
        if (value <= 0) throw QueryError.badRequest("limit must be a positive value");
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    static Direction direction(FormValues form) {
        String text = form.get("direction");
        if (text.isEmpty()) return Direction.BACKWARD;
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "FORWARD" -> Direction.FORWARD;
            case "BACKWARD" -> Direction.BACKWARD;
            default -> throw QueryError.badRequest("invalid direction '" + text + "'");
        };
    }

    /** {@code step}: seconds or a duration; when absent Loki's default, max(floor(range in s / 250), 1) seconds. */
    static long step(String text, long startNanos, long endNanos) {
        if (text.isEmpty()) {
            double rangeSeconds = (endNanos - startNanos) / 1e9;
            return (long) Math.max(Math.floor(rangeSeconds / 250), 1) * NANOS_PER_SECOND;
        }
        return secondsOrDuration(text);
    }

    /** Loki's {@code parseSecondsOrDuration}: a float number of seconds, else a Prometheus duration. */
    static long secondsOrDuration(String text) {
        if (GoFloats.isFloat(text)) {
            double nanos = GoFloats.parse(text) * NANOS_PER_SECOND;
            if (Double.isNaN(nanos)) throw QueryError.badRequest("cannot parse " + Quoting.quote(text) + " to a valid duration");
            if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
                throw QueryError.badRequest("cannot parse " + Quoting.quote(text)
                        + " to a valid duration. It overflows int64");
            }
            return (long) nanos;
        }
        try {
            return Durations.parsePrometheus(text);
        } catch (FormatException e) {
            throw QueryError.badRequest("cannot parse " + Quoting.quote(text) + " to a valid duration");
        }
    }

    /**
     * Loki's {@code parseTimestamp}: a value with a '.' is float seconds (rounded to the millisecond), an integer of
     * at most 10 characters is seconds, a longer one nanoseconds, anything else RFC3339 (with optional fraction).
     * Empty means the default. Throws IllegalArgumentException with Go's error text.
     */
    static long timestamp(String value, long defaultNanos) {
        if (value.isEmpty()) return defaultNanos;
        if (value.indexOf('.') >= 0 && GoFloats.isFloat(value)) {
            double t = GoFloats.parse(value);
            if (!Double.isNaN(t) && !Double.isInfinite(t)) {
                double seconds = t < 0 ? Math.ceil(t) : Math.floor(t); // math.Modf keeps the sign on both parts
                double fraction = roundHalfAwayFromZero((t - seconds) * 1000) / 1000;
                return (long) seconds * NANOS_PER_SECOND + (long) (fraction * NANOS_PER_SECOND);
            }
        }
        try {
            long number = GoInts.parseInt(value, 10);
            return value.length() <= 10 ? number * NANOS_PER_SECOND : number;
        } catch (FormatException notAnInteger) {
            long rfc = rfc3339(value);
            if (rfc != Long.MIN_VALUE) return rfc;
            throw notAnInteger;
        }
    }

    /** Unix nanoseconds of an RFC3339 timestamp, or Long.MIN_VALUE when the text is not one. */
    private static long rfc3339(String value) {
        try {
            return Timestamps.parseRfc3339(value);
        } catch (FormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Go's math.Round: halves round away from zero. */
    private static double roundHalfAwayFromZero(double x) {
        return Math.copySign(Math.floor(Math.abs(x) + 0.5), x);
    }
}
