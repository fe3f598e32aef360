package dev.sigyn.logql.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** quantile_over_time selects ranks instead of sorting: it must agree with the sort-based definition. */
class RangeFunctionQuantileTest {
    @Test
    void selectionAgreesWithSortingNaNFirst() {
        Random random = new Random(7);
        double[] qs = {0, 0.01, 0.25, 0.5, 0.9, 0.99, 1};
        for (int round = 0; round < 2000; round++) {
            int n = 1 + random.nextInt(round < 1000 ? 12 : 400);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(20);
                values[i] = kind == 0 ? Double.NaN : kind == 1 ? -0.0 : kind == 2 ? 0.0
                        : kind < 8 ? random.nextInt(5) : random.nextGaussian() * 100;
            }
            for (double q : qs) {
                double expected = sortedQuantile(q, values.clone());
                double actual = RangeFunction.quantile(q, values.clone());
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                        () -> "q=" + q + " values=" + Arrays.toString(values));
            }
        }
    }

    private static double sortedQuantile(double q, double[] values) {
        Arrays.sort(values);
        int nans = 0;
        for (int i = values.length - 1; i >= 0 && Double.isNaN(values[i]); i--) nans++;
        System.arraycopy(values, 0, values, nans, values.length - nans);
        Arrays.fill(values, 0, nans, Double.NaN);
        double n = values.length;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }
}
