package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Small building blocks to compose step evaluators. */
public final class StepEvaluators {
    private StepEvaluators() {
    }

    /** Applies {@code f} to each step's vector. */
    public static StepEvaluator map(StepEvaluator in, UnaryOperator<Vector> f) {
        return new StepEvaluator() {
            public boolean hasNext() { return in.hasNext(); }

            public Vector next() { return f.apply(in.next()); }
        };
    }

    /** Combines two evaluators over the same steps. */
    public static StepEvaluator zip(StepEvaluator lhs, StepEvaluator rhs, BinaryOperator<Vector> f) {
        return new StepEvaluator() {
            public boolean hasNext() { return lhs.hasNext() && rhs.hasNext(); }

            public Vector next() { return f.apply(lhs.next(), rhs.next()); }
        };
    }

    /** {@code vector(n)}: one element with no labels and value n at every step. */
    public static StepEvaluator constant(double value, Steps steps) {
        return new StepEvaluator() {
            private int i;

            public boolean hasNext() { return i < steps.count(); }

            public Vector next() {
                if (!hasNext()) throw new NoSuchElementException();
                return new Vector(steps.at(i++), List.of(new LabeledValue(Labels.EMPTY, value)));
            }
        };
    }

    /** Replays precomputed vectors (tests, cached sub-results). */
    public static StepEvaluator of(List<Vector> vectors) {
        var it = vectors.iterator();
        return new StepEvaluator() {
            public boolean hasNext() { return it.hasNext(); }

            public Vector next() { return it.next(); }
        };
    }
}
