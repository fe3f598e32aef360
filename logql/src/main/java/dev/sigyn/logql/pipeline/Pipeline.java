package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;

import java.util.List;

/**
 * The stages after a query's stream selector, compiled once per query and specialised per stream with
 * {@link #forStream}. Stages keep scratch state, so a pipeline and its stream pipelines serve one thread.
 */
public final class Pipeline {
    /** Keeps every line unchanged. */
    public static final Pipeline NOOP = new Pipeline(List.of());

    private final Stage[] stages;

    private Pipeline(List<Stage> stages) {
        this.stages = stages.toArray(Stage[]::new);
    }

    public static Pipeline of(List<Stage> stages) {
        return stages.isEmpty() ? NOOP : new Pipeline(stages);
    }

    public static Pipeline of(Stage... stages) {
        return of(List.of(stages));
    }

    public boolean isNoop() {
        return stages.length == 0;
    }

    public StreamPipeline forStream(Labels streamLabels) {
        return new StreamPipeline(stages, streamLabels);
    }
}
