package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;

import java.util.Map;
import java.util.TreeMap;

/** Runs stages on one line of a stream and exposes the outcome, for the stage tests. */
final class PipelineTestSupport {
    private PipelineTestSupport() {
    }

    /** What a pipeline made of one line: kept or not, the line and all labels (errors included). */
    record Outcome(boolean kept, String line, Map<String, String> labels, LabelsBuilder builder) {
        String label(String name) {
            return labels.get(name);
        }
    }

    static Outcome run(Labels stream, String line, Stage... stages) {
        return run(stream, Labels.EMPTY, line, stages);
    }

    static Outcome run(Labels stream, Labels metadata, String line, Stage... stages) {
        StreamPipeline p = Pipeline.of(stages).forStream(stream);
        boolean kept = p.process(1_000L, line, metadata);
        return new Outcome(kept, p.line().toString(), new TreeMap<>(p.labels().labels().toMap()), p.labels());
    }

    static Outcome run(String line, Stage... stages) {
        return run(Labels.of("app", "test"), line, stages);
    }
}
