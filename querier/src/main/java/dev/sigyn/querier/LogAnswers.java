package dev.sigyn.querier;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.pipeline.LabelsBuilder;
import dev.sigyn.logql.source.StreamResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shapes the streams of a log query answer the way Loki 3 groups them. Without categories, an entry's structured
 * metadata joins its stream's labels (so one stored stream may answer as several); with {@code categorize-labels},
 * streams keep only their own labels and every line carries its structured metadata and parsed labels.
 */
final class LogAnswers {
    private static final Comparator<Labels> BY_TEXT = Comparator.comparing(Labels::toString);

    private LogAnswers() {}

    /** Merged source answers with structured metadata among the labels; the same list when no entry has any. */
    static List<StreamResult> withMetadataLabels(List<StreamResult> streams) {
        if (!anyMetadata(streams)) return streams;
        Map<Labels, List<Entry>> byLabels = new LinkedHashMap<>();
        for (StreamResult s : streams) {
            LabelsBuilder labels = new LabelsBuilder(s.labels());
            for (Entry e : s.entries()) {
                labels.reset();
                if (hasMetadata(e)) labels.addStructuredMetadata(e.structuredMetadata());
                byLabels.computeIfAbsent(labels.labels(), l -> new ArrayList<>()).add(e);
            }
        }
        List<StreamResult> out = new ArrayList<>(byLabels.size());
        byLabels.forEach((labels, entries) -> out.add(new StreamResult(labels, List.copyOf(entries))));
        out.sort(Comparator.comparing(StreamResult::labels, BY_TEXT));
        return out;
    }

    /** Merged source answers in categorized form (structured metadata named as a pipeline would name it). */
    static List<CategorizedStream> categorize(List<StreamResult> streams) {
        List<CategorizedStream> out = new ArrayList<>(streams.size());
        for (StreamResult s : streams) {
            LabelsBuilder labels = new LabelsBuilder(s.labels());
            List<LogLine> lines = new ArrayList<>(s.entries().size());
            for (Entry e : s.entries()) {
                labels.reset();
                if (hasMetadata(e)) labels.addStructuredMetadata(e.structuredMetadata());
                lines.add(LogLine.of(e.timestampNanos(), e.line(), labels));
            }
            out.add(new CategorizedStream(s.labels(), lines));
        }
        return out; // the merger already sorted the streams by label text
    }

    /** Lines in answer order grouped by their stream labels; streams sorted by label text. */
    static List<CategorizedStream> group(List<LogLine> lines) {
        Map<Labels, List<LogLine>> byStream = new LinkedHashMap<>();
        for (LogLine l : lines) byStream.computeIfAbsent(l.stream(), k -> new ArrayList<>()).add(l);
        List<CategorizedStream> out = new ArrayList<>(byStream.size());
        byStream.forEach((labels, ls) -> out.add(new CategorizedStream(labels, List.copyOf(ls))));
        out.sort(Comparator.comparing(CategorizedStream::labels, BY_TEXT));
        return out;
    }

    /**
     * Loki's {@code interval} over lines in answer order: after a kept line, lines closer than the interval to it
     * are skipped (one "last kept" time across all streams, as in Loki's readStreams).
     */
    static List<LogLine> everyInterval(List<LogLine> lines, Direction direction, long intervalNanos) {
        if (intervalNanos <= 0 || lines.isEmpty()) return lines;
        List<LogLine> out = new ArrayList<>();
        long last = 0;
        for (LogLine l : lines) {
            long ts = l.timestampNanos();
            boolean due = out.isEmpty() || (direction == Direction.FORWARD
                    ? ts >= last + intervalNanos : ts <= last - intervalNanos);
            if (due) {
                out.add(l);
                last = ts;
            }
        }
        return out;
    }

    static long entryCount(List<StreamResult> streams) {
        long n = 0;
        for (StreamResult s : streams) n += s.entries().size();
        return n;
    }

    static long lineCount(List<CategorizedStream> streams) {
        long n = 0;
        for (CategorizedStream s : streams) n += s.lines().size();
        return n;
    }

    private static boolean anyMetadata(List<StreamResult> streams) {
        for (StreamResult s : streams) {
            for (Entry e : s.entries()) if (hasMetadata(e)) return true;
        }
        return false;
    }

    private static boolean hasMetadata(Entry e) {
        return e.structuredMetadata() != null && !e.structuredMetadata().isEmpty();
    }
}
