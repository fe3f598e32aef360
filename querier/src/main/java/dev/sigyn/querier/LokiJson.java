package dev.sigyn.querier;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.format.Timestamps;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.LabeledValue;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.SampleFormat;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.source.StreamResult;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * Writes the JSON bodies of Loki's query API, field for field as Loki 2.9/3 does (Grafana and logcli parse them),
 * straight into a Vert.x buffer with Jackson's streaming generator.
 */
final class LokiJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private LokiJson() {}

    /** {@code {"status":"success","data":{"resultType":…,"result":[…],"stats":{…}}}}. */
    static Buffer queryResponse(QueryResult result, QueryStats stats) {
        return queryResponse(result, List.of(), stats);
    }

    /**
     * As {@link #queryResponse(QueryResult, QueryStats)}; a streams answer also echoes the request's encoding flags
     * in {@code encodingFlags}, before {@code result} as Loki writes it (Grafana reads them before the entries).
     */
    static Buffer queryResponse(QueryResult result, List<String> encodingFlags, QueryStats stats) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            g.writeStringField("resultType", result.resultType());
            if (result instanceof QueryResult.Streams) writeEncodingFlags(g, encodingFlags);
            g.writeFieldName("result");
            switch (result) {
                case QueryResult.Streams s -> writeStreams(g, s);
                case QueryResult.Matrix m -> writeMatrix(g, m);
                case QueryResult.InstantVector v -> writeVector(g, v);
                case QueryResult.Scalar s -> writeScalar(g, s);
            }
            g.writeFieldName("stats");
            writeStats(g, stats);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /**
     * A log answer in the {@code categorize-labels} encoding: streams hold only their own labels and every entry is
     * {@code [ns, line, {"structuredMetadata":{…},"parsed":{…}}]}, each part left out when empty.
     */
    static Buffer categorizedResponse(List<CategorizedStream> streams, List<String> encodingFlags, QueryStats stats) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            g.writeStringField("resultType", "streams");
            writeEncodingFlags(g, encodingFlags);
            g.writeArrayFieldStart("result");
            for (CategorizedStream stream : streams) {
                g.writeStartObject();
                g.writeFieldName("stream");
                writeLabelMap(g, stream.labels());
                g.writeArrayFieldStart("values");
                for (LogLine l : stream.lines()) {
                    g.writeStartArray();
                    g.writeString(Long.toString(l.timestampNanos()));
                    g.writeString(safe(l.line()));
                    g.writeStartObject();
                    if (!l.structuredMetadata().isEmpty()) {
                        g.writeFieldName("structuredMetadata");
                        writeLabelMap(g, l.structuredMetadata());
                    }
                    if (!l.parsed().isEmpty()) {
                        g.writeFieldName("parsed");
                        writeLabelMap(g, l.parsed());
                    }
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("stats");
            writeStats(g, stats);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /**
     * A log answer of the legacy {@code /api/prom/query}: {@code {"stats":{…},"streams":[{"labels":"{a=\"b\"}",
     * "entries":[{"ts":"<RFC3339Nano>","line":"…"}]}]}} (Loki encodes it as a Go map, hence the sorted keys).
     */
    static Buffer legacyStreamsResponse(List<StreamResult> streams, QueryStats stats) {
        Buffer body = write(g -> {
            g.writeStartObject();
            g.writeFieldName("stats");
            writeStats(g, stats);
            g.writeArrayFieldStart("streams");
            for (StreamResult stream : streams) {
                g.writeStartObject();
                g.writeStringField("labels", safe(stream.labels().toString()));
                g.writeArrayFieldStart("entries");
                for (Entry e : stream.entries()) {
                    g.writeStartObject();
                    g.writeStringField("ts", Timestamps.rfc3339Nano(e.timestampNanos()));
                    g.writeStringField("line", safe(e.line()));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return body.appendString("\n");
    }

    /** Label names or values on a legacy path: {@code {"values":[…]}}, or {@code {}} when there are none. */
    static Buffer legacyLabelResponse(Collection<String> values) {
        return write(g -> {
            g.writeStartObject();
            if (!values.isEmpty()) {
                g.writeArrayFieldStart("values");
                for (String v : values) g.writeString(safe(v));
                g.writeEndArray();
            }
            g.writeEndObject();
        }).appendString("\n");
    }

    private static void writeEncodingFlags(JsonGenerator g, List<String> flags) throws IOException {
        if (flags.isEmpty()) return;
        g.writeArrayFieldStart("encodingFlags");
        for (String f : flags) g.writeString(safe(f));
        g.writeEndArray();
    }

    /** Label names or values; Loki leaves {@code data} out when there are none. */
    static Buffer labelResponse(Collection<String> values) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            if (!values.isEmpty()) {
                g.writeArrayFieldStart("data");
                for (String v : values) g.writeString(safe(v));
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** Series as label maps; {@code data} is always present, {@code []} when empty. */
    static Buffer seriesResponse(Collection<Labels> series) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (Labels labels : series) writeLabelMap(g, labels);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeStreams(JsonGenerator g, QueryResult.Streams result) throws IOException {
        g.writeStartArray();
        for (StreamResult stream : result.streams()) {
            g.writeStartObject();
            g.writeFieldName("stream");
            writeLabelMap(g, stream.labels());
            g.writeArrayFieldStart("values");
            for (Entry e : stream.entries()) {
                g.writeStartArray();
                g.writeString(Long.toString(e.timestampNanos()));
                g.writeString(safe(e.line()));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code [{"metric":{…},"values":[[1793491500,"7"],…]},…]}: times as JSON numbers of seconds. */
    private static void writeMatrix(JsonGenerator g, QueryResult.Matrix result) throws IOException {
        g.writeStartArray();
        for (Series series : result.series()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            writeLabelMap(g, series.labels());
            g.writeArrayFieldStart("values");
            for (Sample p : series.samples()) writePoint(g, SampleFormat.timestampSeconds(p.tsNanos()), p.value());
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code [{"metric":{…},"value":[1793494500,"42"]},…]}. */
    private static void writeVector(JsonGenerator g, QueryResult.InstantVector result) throws IOException {
        String ts = SampleFormat.timestampSeconds(result.tsNanos());
        g.writeStartArray();
        for (LabeledValue e : result.elements()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            writeLabelMap(g, e.labels());
            g.writeFieldName("value");
            writePoint(g, ts, e.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code [1793494500000,"7"]}: Loki 2.9 writes a scalar's time in milliseconds. */
    private static void writeScalar(JsonGenerator g, QueryResult.Scalar result) throws IOException {
        writePoint(g, SampleFormat.timestampMillis(result.tsNanos()), result.value());
    }

    private static void writePoint(JsonGenerator g, String timestamp, double value) throws IOException {
        g.writeStartArray();
        g.writeNumber(timestamp);
        g.writeString(SampleFormat.format(value));
        g.writeEndArray();
    }

    static void writeLabelMap(JsonGenerator g, Labels labels) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            g.writeStringField(safe(l.name()), safe(l.value()));
        }
        g.writeEndObject();
    }

    /** Loki's {@code stats.Result} shape; Sigyn fills the summary, the per-component sections stay zero. */
    private static void writeStats(JsonGenerator g, QueryStats s) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("bytesProcessedPerSecond", s.bytesPerSecond());
        g.writeNumberField("linesProcessedPerSecond", s.linesPerSecond());
        g.writeNumberField("totalBytesProcessed", s.bytesProcessed());
        g.writeNumberField("totalLinesProcessed", s.linesProcessed());
        g.writeNumberField("execTime", s.execTimeSeconds());
        g.writeNumberField("queueTime", 0.0);
        g.writeNumberField("subqueries", s.subqueries());
        g.writeNumberField("totalEntriesReturned", s.entriesReturned());
        g.writeNumberField("splits", 0);
        g.writeNumberField("shards", 0);
        g.writeNumberField("totalPostFilterLines", s.linesProcessed());
        g.writeNumberField("totalStructuredMetadataBytesProcessed", 0);
        g.writeEndObject();
        g.writeObjectFieldStart("querier");
        writeStoreStats(g);
        g.writeEndObject();
        g.writeObjectFieldStart("ingester");
        g.writeNumberField("totalReached", 0);
        g.writeNumberField("totalChunksMatched", 0);
        g.writeNumberField("totalBatches", 0);
        g.writeNumberField("totalLinesSent", 0);
        writeStoreStats(g);
        g.writeEndObject();
        g.writeObjectFieldStart("cache");
        for (String cache : new String[]{"chunk", "index", "result", "statsResult"}) {
            g.writeObjectFieldStart(cache);
            for (String f : new String[]{"entriesFound", "entriesRequested", "entriesStored", "bytesReceived",
                    "bytesSent", "requests", "downloadTime"}) {
                g.writeNumberField(f, 0);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeStoreStats(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("store");
        g.writeNumberField("totalChunksRef", 0);
        g.writeNumberField("totalChunksDownloaded", 0);
        g.writeNumberField("chunksDownloadTime", 0);
        g.writeObjectFieldStart("chunk");
        for (String f : new String[]{"headChunkBytes", "headChunkLines", "decompressedBytes", "decompressedLines",
                "compressedBytes", "totalDuplicates", "postFilterLines", "headChunkStructuredMetadataBytes",
                "decompressedStructuredMetadataBytes"}) {
            g.writeNumberField(f, 0);
        }
        g.writeEndObject();
        g.writeNumberField("chunkRefsFetchTime", 0);
        g.writeEndObject();
    }

    /**
     * The text with unpaired UTF-16 surrogates replaced by U+FFFD, as Go's encoding/json does for invalid UTF-8
     * (Jackson would refuse to encode them). Returns the same instance when the text is clean.
     */
    static String safe(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return replaceLoneSurrogates(s);
        }
        return s;
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Writes one JSON body with the generator. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** A JSON body written by {@code body} straight into a buffer. */
    static Buffer write(Body body) {
        Buffer buffer = Buffer.buffer(256);
        try (JsonGenerator g = FACTORY.createGenerator(new BufferOutputStream(buffer), JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return buffer;
    }

    /** Lets Jackson write into a Vert.x buffer without an intermediate byte array. */
    private static final class BufferOutputStream extends OutputStream {
        private final Buffer buffer;

        BufferOutputStream(Buffer buffer) { this.buffer = buffer; }

        @Override public void write(int b) { buffer.appendByte((byte) b); }
        @Override public void write(byte[] b, int off, int len) { buffer.appendBytes(b, off, len); }
    }
}
