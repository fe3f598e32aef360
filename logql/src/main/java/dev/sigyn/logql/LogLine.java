package dev.sigyn.logql;

import dev.sigyn.logql.pipeline.LabelCategory;
import dev.sigyn.logql.pipeline.LabelsBuilder;


/**
 * One line of a log query's answer with its labels kept apart by {@link LabelCategory}, as Loki's
 * {@code categorize-labels} response encoding shows them: the stream's (indexed) labels, the entry's structured
 * metadata, and the labels parsers and formatters added (errors included).
 */
public record LogLine(long timestampNanos, String line, Labels stream, Labels structuredMetadata, Labels parsed) {

    /** The line with the labels a pipeline (or a bare {@link LabelsBuilder}) left it. */
    public static LogLine of(long timestampNanos, String line, LabelsBuilder labels) {
        if (labels.unchanged()) return new LogLine(timestampNanos, line, labels.stream(), Labels.EMPTY, Labels.EMPTY);
        return new LogLine(timestampNanos, line, labels.labels(LabelCategory.STREAM),
                labels.labels(LabelCategory.STRUCTURED_METADATA), labels.labels(LabelCategory.PARSED));
    }

    /** Every label of the line in one set, as Loki shows them without categories (a name is in one category only). */
    public Labels allLabels() {
        return Labels.union(stream, structuredMetadata, parsed);
    }
}
