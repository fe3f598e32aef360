package dev.sigyn.logql.engine;

import dev.sigyn.logql.source.StreamResult;

import java.util.List;

/** What a query answers, one case per Loki {@code resultType}. */
public sealed interface QueryResult {

    /** Loki's name for the type: "matrix", "vector", "scalar" or "streams". */
    String resultType();

    /** A range query's metric result: series sorted by labels, each with points at step times. */
    record Matrix(List<Series> series) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
        }

        public String resultType() { return "matrix"; }
    }

    /** An instant query's metric result. */
    record InstantVector(long tsNanos, List<LabeledValue> elements) implements QueryResult {
        public InstantVector {
            elements = List.copyOf(elements);
        }

        public String resultType() { return "vector"; }
    }

    /** An instant query whose expression is a number (Loki writes its time in milliseconds, see SampleFormat). */
    record Scalar(long tsNanos, double value) implements QueryResult {
        public String resultType() { return "scalar"; }
    }

    /** A log query's result. */
    record Streams(List<StreamResult> streams) implements QueryResult {
        public Streams {
            streams = List.copyOf(streams);
        }

        public String resultType() { return "streams"; }
    }
}
