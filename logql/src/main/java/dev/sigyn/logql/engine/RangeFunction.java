package dev.sigyn.logql.engine;

import java.util.Arrays;

/**
 * The functions LogQL applies to the samples of one series inside one range window. Log-range functions
 * (count_over_time, rate, bytes_over_time, bytes_rate, absent_over_time) see one sample per line whose value is 1
 * (or the line's byte length for the bytes_ functions); unwrapped ones see the extracted values.
 */
public enum RangeFunction {
    COUNT_OVER_TIME("count_over_time"),
    /** Lines per second, or for an unwrapped range the sum of values per second. */
    RATE("rate"),
    RATE_COUNTER("rate_counter"),
    BYTES_OVER_TIME("bytes_over_time"),
    BYTES_RATE("bytes_rate"),
    ABSENT_OVER_TIME("absent_over_time"),
    SUM_OVER_TIME("sum_over_time"),
    AVG_OVER_TIME("avg_over_time"),
    MIN_OVER_TIME("min_over_time"),
    MAX_OVER_TIME("max_over_time"),
    STDVAR_OVER_TIME("stdvar_over_time"),
    STDDEV_OVER_TIME("stddev_over_time"),
    QUANTILE_OVER_TIME("quantile_over_time"),
    FIRST_OVER_TIME("first_over_time"),
    LAST_OVER_TIME("last_over_time");

    public final String logqlName;

    RangeFunction(String logqlName) {
        this.logqlName = logqlName;
    }

    public static RangeFunction byName(String name) {
        for (RangeFunction f : values()) if (f.logqlName.equals(name)) return f;
        throw new IllegalArgumentException("unknown range function " + name);
    }

    /**
     * The function's value over samples [from, to) of one series (non-empty).
     *
     * @param rangeNanos the selector's range, for the per-second functions
     * @param unwrapped  whether values come from an unwrap (rate then sums values instead of counting lines)
     * @param parameter  φ for quantile_over_time, otherwise ignored
     */
    double apply(long[] ts, double[] v, int from, int to, long rangeNanos, boolean unwrapped, double parameter) {
        double seconds = seconds(rangeNanos);
        return switch (this) {
            case COUNT_OVER_TIME -> to - from;
            case RATE -> unwrapped ? sum(v, from, to) / seconds : (to - from) / seconds;
            case RATE_COUNTER -> counterRate(ts, v, from, to, rangeNanos);
            case BYTES_OVER_TIME, SUM_OVER_TIME -> sum(v, from, to);
            case BYTES_RATE -> sum(v, from, to) / seconds;
            case ABSENT_OVER_TIME -> 1;
            case AVG_OVER_TIME -> avg(v, from, to);
            case MIN_OVER_TIME -> min(v, from, to);
            case MAX_OVER_TIME -> max(v, from, to);
            case STDVAR_OVER_TIME -> variance(v, from, to);
            case STDDEV_OVER_TIME -> Math.sqrt(variance(v, from, to));
            case QUANTILE_OVER_TIME -> quantile(parameter, Arrays.copyOfRange(v, from, to));
            case FIRST_OVER_TIME -> v[from];
            case LAST_OVER_TIME -> v[to - 1];
        };
    }

    /** A duration in seconds computed as Go's time.Duration.Seconds() does. */
    static double seconds(long nanos) {
        return (double) (nanos / 1_000_000_000L) + (double) (nanos % 1_000_000_000L) / 1e9;
    }

    private static double sum(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s;
    }

    // Incremental mean as Prometheus computes it, keeping an infinite mean stable instead of turning it into NaN.
    private static double avg(double[] v, int from, int to) {
        double mean = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            double x = v[i];
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(x) && (mean > 0) == (x > 0)) continue;
                if (!Double.isInfinite(x) && !Double.isNaN(x)) continue;
            }
            mean += x / count - mean / count;
        }
        return mean;
    }

    private static double min(double[] v, int from, int to) {
        double m = v[from];
        for (int i = from; i < to; i++) if (v[i] < m || Double.isNaN(m)) m = v[i];
        return m;
    }

    private static double max(double[] v, int from, int to) {
        double m = v[from];
        for (int i = from; i < to; i++) if (v[i] > m || Double.isNaN(m)) m = v[i];
        return m;
    }

    // Welford's online algorithm, population variance.
    private static double variance(double[] v, int from, int to) {
        double aux = 0, mean = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            count++;
            double delta = v[i] - mean;
            mean += delta / count;
            aux += delta * (v[i] - mean);
        }
        return aux / count;
    }

    /**
     * Prometheus' quantile: linear interpolation between the closest ranks; NaN for no values. Values are ordered
     * as Go sorts them (NaN first); only the two ranks needed are selected (quickselect), not the whole window
     * sorted. Reorders {@code values}.
     */
    static double quantile(double q, double[] values) {
        if (values.length == 0) return Double.NaN;
        if (q < 0) return Double.NEGATIVE_INFINITY;
        if (q > 1) return Double.POSITIVE_INFINITY;
        double n = values.length;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        int nans = moveNaNsFirst(values);
        double low = rankValue(values, nans, (int) lower);
        double high = (int) upper == (int) lower ? low : nextRankValue(values, nans, (int) lower);
        return low * (1 - weight) + high * weight;
    }

    // Go's sort with "NaN is less than everything" puts NaNs first.
    private static int moveNaNsFirst(double[] values) {
        int nans = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                values[i] = values[nans];
                values[nans++] = Double.NaN;
            }
        }
        return nans;
    }

    /** The value of rank k in sorted order (NaNs occupy ranks below {@code nans}); selects it into place. */
    private static double rankValue(double[] v, int nans, int k) {
        if (k < nans) return Double.NaN;
        select(v, nans, v.length - 1, k);
        return v[k];
    }

    /** The value of rank k + 1, once rank k was selected into place: the smallest value after it. */
    private static double nextRankValue(double[] v, int nans, int k) {
        if (k + 1 < nans) return Double.NaN;
        if (k < nans) return rankValue(v, nans, k + 1);
        double m = v[k + 1];
        for (int i = k + 2; i < v.length; i++) if (Double.compare(v[i], m) < 0) m = v[i];
        return m;
    }

    /** Quickselect (in Arrays.sort's order, -0.0 before 0.0) of rank k within v[lo..hi]; sorts after many rounds. */
    private static void select(double[] v, int lo, int hi, int k) {
        int rounds = 0;
        while (hi > lo) {
            if (++rounds > 64) {
                Arrays.sort(v, lo, hi + 1);
                return;
            }
            int mid = (lo + hi) >>> 1;
            if (Double.compare(v[mid], v[lo]) < 0) swap(v, mid, lo);
            if (Double.compare(v[hi], v[lo]) < 0) swap(v, hi, lo);
            if (Double.compare(v[hi], v[mid]) < 0) swap(v, hi, mid);
            double pivot = v[mid];
            int i = lo, j = hi;
            while (i <= j) {
                while (Double.compare(v[i], pivot) < 0) i++;
                while (Double.compare(v[j], pivot) > 0) j--;
                if (i <= j) swap(v, i++, j--);
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static void swap(double[] v, int a, int b) {
        double t = v[a];
        v[a] = v[b];
        v[b] = t;
    }

    /**
     * Prometheus' extrapolated counter rate as Loki runs it. Loki feeds nanosecond timestamps into code written for
     * milliseconds, so the start gap always equals the range and the end gap is always zero; we reproduce that.
     */
    private static double counterRate(long[] ts, double[] v, int from, int to, long rangeNanos) {
        int n = to - from;
        if (n < 2) return 0;
        double first = v[from];
        double last = v[to - 1];
        double result = last - first;
        double previous = 0;
        for (int i = from; i < to; i++) {
            if (v[i] < previous) result += previous;
            previous = v[i];
        }
        double durationToStart = (rangeNanos / 1_000_000L) / 1000.0;
        double durationToEnd = 0;
        double sampledInterval = (ts[to - 1] - ts[from]) / 1000.0;
        double averageBetweenSamples = sampledInterval / (n - 1);
        if (result > 0 && first >= 0) {
            double durationToZero = sampledInterval * (first / result);
            if (durationToZero < durationToStart) durationToStart = durationToZero;
        }
        double threshold = averageBetweenSamples * 1.1;
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
        result = result * (extrapolateTo / sampledInterval);
        return result / seconds(rangeNanos);
    }
}
