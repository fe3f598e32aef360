package dev.sigyn.distributor;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLevels;

import java.util.ArrayList;
import java.util.List;

/**
 * Loki 3's {@code discover_log_levels}: every entry gets the structured metadata {@code detected_level} that
 * {@link LogLevels} finds for it. An entry that already has one keeps it, normalised.
 */
final class LogLevelDetector {
    private LogLevelDetector() {}

    /** The entries of one stream, each with {@code detected_level}. */
    static List<Entry> apply(Labels streamLabels, List<Entry> entries) {
        String streamLevelField = LogLevels.fieldOf(streamLabels);
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) out.add(withLevel(e, streamLevelField));
        return out;
    }

    private static Entry withLevel(Entry e, String streamLevelField) {
        Labels metadata = e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata();
        String level = LogLevels.detect(streamLevelField, metadata, e.line());
        if (level.equals(metadata.get(LogLevels.DETECTED_LEVEL))) return e;
        return new Entry(e.timestampNanos(), e.line(), with(metadata, level));
    }

    private static Labels with(Labels metadata, String level) {
        List<Label> pairs = new ArrayList<>(metadata.size() + 1);
        for (Label l : metadata.asList()) if (!l.name().equals(LogLevels.DETECTED_LEVEL)) pairs.add(l);
        pairs.add(new Label(LogLevels.DETECTED_LEVEL, level));
        return Labels.of(pairs);
    }
}
