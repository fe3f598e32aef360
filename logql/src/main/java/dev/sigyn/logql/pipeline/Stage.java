package dev.sigyn.logql.pipeline;

/**
 * One step of a log pipeline (a line filter, a parser, a label filter, a formatter). It may change the line and the
 * labels; it returns false to drop the line. Stages keep per-line scratch state, so one instance serves one thread.
 */
@FunctionalInterface
public interface Stage {
    boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels);
}
