package dev.sigyn.querier.tail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.format.Timestamps;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text frames a tail sends. Entries are grouped by labels in order of first appearance.
 * <pre>
 * v1:     {"streams":[{"stream":{"app":"web"},"values":[["&lt;ns&gt;","line"]]}],
 *          "dropped_entries":[{"timestamp":"&lt;ns&gt;","labels":{"app":"web"}}]}   (dropped_entries only when any)
 * legacy: {"streams":[{"labels":"{app=\"web\"}","entries":[{"ts":"&lt;RFC3339Nano&gt;","line":"line"}]}],
 *          "dropped_entries":null | [{"Timestamp":"&lt;RFC3339Nano&gt;","Labels":"{app=\"web\"}"}]}
 * </pre>
 */
final class TailFrames {
    private static final JsonFactory JSON = new JsonFactory();

    private TailFrames() {}

    static String frame(List<TailedEntry> entries, List<DroppedEntry> dropped, boolean legacy) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("streams");
            for (Map.Entry<Labels, List<TailedEntry>> s : byLabels(entries).entrySet()) {
                g.writeStartObject();
                if (legacy) {
                    g.writeStringField("labels", s.getKey().toString());
                    g.writeArrayFieldStart("entries");
                    for (TailedEntry e : s.getValue()) {
                        g.writeStartObject();
                        g.writeStringField("ts", Timestamps.rfc3339Nano(e.timestampNanos()));
                        g.writeStringField("line", e.line());
                        g.writeEndObject();
                    }
                } else {
                    g.writeFieldName("stream");
                    writeLabels(g, s.getKey());
                    g.writeArrayFieldStart("values");
                    for (TailedEntry e : s.getValue()) {
                        g.writeStartArray();
                        g.writeString(Long.toString(e.timestampNanos()));
                        g.writeString(e.line());
                        g.writeEndArray();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (legacy) {
                g.writeFieldName("dropped_entries");
                if (dropped.isEmpty()) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (DroppedEntry d : dropped) {
                        g.writeStartObject();
                        g.writeStringField("Timestamp", Timestamps.rfc3339Nano(d.timestampNanos()));
                        g.writeStringField("Labels", d.labels().toString());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            } else if (!dropped.isEmpty()) {
                g.writeArrayFieldStart("dropped_entries");
                for (DroppedEntry d : dropped) {
                    g.writeStartObject();
                    g.writeStringField("timestamp", Long.toString(d.timestampNanos()));
                    g.writeFieldName("labels");
                    writeLabels(g, d.labels());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<Labels, List<TailedEntry>> byLabels(List<TailedEntry> entries) {
        Map<Labels, List<TailedEntry>> out = new LinkedHashMap<>();
        for (TailedEntry e : entries) out.computeIfAbsent(e.labels(), l -> new ArrayList<>()).add(e);
        return out;
    }

    private static void writeLabels(JsonGenerator g, Labels labels) throws IOException {
        g.writeStartObject();
        for (Label l : labels.asList()) g.writeStringField(l.name(), l.value());
        g.writeEndObject();
    }
}
