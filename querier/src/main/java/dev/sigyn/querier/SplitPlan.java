package dev.sigyn.querier;

import dev.sigyn.logql.engine.Steps;

import java.util.ArrayList;
import java.util.List;

/**
 * How a range query is cut into time splits ({@code split_queries_by_interval}): split boundaries are multiples
 * of the interval since the epoch, so that the same hour is the same split in every query that covers it (what
 * makes its result reusable). Each split holds the query's steps that fall in its interval; every step is
 * evaluated independently in LogQL, so evaluating the splits apart and joining them gives the same answer.
 */
record SplitPlan(List<Split> splits) {

    /**
     * One split: the query's steps from {@code first} to {@code last}, and the whole step grid of its interval
     * ({@code gridFirst}..{@code gridLast}, same step and phase as the query) that a cached result covers.
     */
    record Split(Steps steps, long gridFirst, long gridLast) {
        /** True when the split holds every grid step of its interval, so its result can be cached whole. */
        boolean whole() {
            return steps.startNanos() == gridFirst && steps.endNanos() == gridLast;
        }

        Steps grid() {
            return Steps.range(gridFirst, gridLast, steps.stepNanos());
        }
    }

    static SplitPlan of(Steps steps, long intervalNanos) {
        if (steps.isInstant() || intervalNanos <= 0) throw new IllegalArgumentException("only range queries split");
        long step = steps.stepNanos();
        List<Split> splits = new ArrayList<>();
        long boundary = Math.floorDiv(steps.startNanos(), intervalNanos) * intervalNanos;
        for (; boundary <= steps.endNanos(); boundary += intervalNanos) {
            long next = boundary + intervalNanos;
            long gridFirst = boundary + Math.floorMod(steps.startNanos() - boundary, step);
            if (gridFirst >= next) continue; // a step longer than the interval can skip one
            long gridLast = gridFirst + (next - 1 - gridFirst) / step * step;
            long first = Math.max(gridFirst, steps.startNanos());
            long last = Math.min(gridLast, steps.startNanos() + (steps.endNanos() - steps.startNanos()) / step * step);
            if (first > last) continue;
            splits.add(new Split(Steps.range(first, last, step), gridFirst, gridLast));
        }
        return new SplitPlan(splits);
    }
}
