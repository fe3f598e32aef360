package dev.sigyn.bench;

import java.util.Arrays;

/** Order statistics of measured durations. */
final class Samples {
    private Samples() {}

    /** The value below which {@code p} (0..1) of the samples fall: nearest rank on the sorted samples. */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) return Double.NaN;
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static double median(double[] samples) {
        if (samples.length == 0) return Double.NaN;
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double min(double[] samples) {
        return Arrays.stream(samples).min().orElse(Double.NaN);
    }
}
