package dev.sigyn.logql.pipeline;

/** Where a label of a log line comes from; a query response reports structured metadata and parsed labels apart. */
public enum LabelCategory {
    STREAM, STRUCTURED_METADATA, PARSED
}
