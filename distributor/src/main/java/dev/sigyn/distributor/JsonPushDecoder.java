package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes the JSON push body of {@code /loki/api/v1/push}, streaming with Jackson:
 * <pre>{"streams":[{"stream":{"app":"web"},"values":[["1700000000000000000","a line",{"trace_id":"abc"}]]}]}</pre>
 * Timestamps are strings of Unix nanoseconds (a JSON number is refused, as Loki does); the optional third element
 * is the entry's structured metadata. Unknown fields are ignored.
 */
final class JsonPushDecoder {
    /** Shared and thread-safe; no string length cap, since line length is a validation rule with its own message. */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private JsonPushDecoder() {}

    /** Decodes the body, counting each stream, label, entry and metadata pair into the budget as it is built. */
    static List<ReceivedStream> decode(InputStream body, DecodeBudget budget) throws IOException, PushRejection {
        return readStreams(body, budget, JsonPushDecoder::readStream);
    }

    /** Reads one stream object; the parser stands on its START_OBJECT. */
    interface StreamReader {
        ReceivedStream read(JsonParser p, DecodeBudget budget) throws IOException, PushRejection;
    }

    /** Reads the {@code {"streams":[…]}} envelope shared by the current and the legacy JSON formats. */
    static List<ReceivedStream> readStreams(InputStream body, DecodeBudget budget, StreamReader streamReader)
            throws IOException, PushRejection {
        try (JsonParser p = JSON.createParser(body)) {
            List<ReceivedStream> streams = new ArrayList<>();
            JsonToken first = p.nextToken();
            if (first == JsonToken.VALUE_NULL) return streams;
            expect(p, first, JsonToken.START_OBJECT, "the push request");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("streams") && value != JsonToken.VALUE_NULL) {
                    expect(p, value, JsonToken.START_ARRAY, "streams");
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        if (t == JsonToken.VALUE_NULL) continue;
                        expect(p, t, JsonToken.START_OBJECT, "a stream");
                        streams.add(streamReader.read(p, budget));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return streams;
        }
    }

    private static ReceivedStream readStream(JsonParser p, DecodeBudget budget) throws IOException, PushRejection {
        Map<String, String> labels = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) continue;
            switch (field) {
                case "stream" -> {
                    expect(p, value, JsonToken.START_OBJECT, "stream");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        String labelValue = scalarText(p, p.nextToken(), "label " + name);
                        budget.decoded(name.length() + labelValue.length());
                        labels.put(name, labelValue);
                    }
                }
                case "values" -> {
                    expect(p, value, JsonToken.START_ARRAY, "values");
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        if (t == JsonToken.VALUE_NULL) continue;
                        expect(p, t, JsonToken.START_ARRAY, "an entry of values");
                        entries.add(readEntry(p, budget));
                    }
                }
                default -> p.skipChildren();
            }
        }
        String labelText = labelText(labels);
        budget.decoded(labelText.length());
        return new ReceivedStream(labelText, entries);
    }

    /** {@code ["<unix nanos>", "<line>", {structured metadata}]}; elements past the third are ignored. */
    private static Entry readEntry(JsonParser p, DecodeBudget budget) throws IOException, PushRejection {
        long timestamp = 0;
        String line = null;
        Labels metadata = Labels.EMPTY;
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
            switch (index) {
                case 0 -> timestamp = parseTimestamp(p, t);
                case 1 -> {
                    if (t != JsonToken.VALUE_STRING) throw invalid(p, "the log line of an entry must be a string");
                    line = p.getText();
                }
                case 2 -> metadata = readMetadata(p, t, budget);
                default -> p.skipChildren();
            }
        }
        if (line == null) throw invalid(p, "an entry must hold a timestamp and a log line");
        budget.decoded(line.length());
        return new Entry(timestamp, line, metadata);
    }

    private static long parseTimestamp(JsonParser p, JsonToken t) throws IOException, PushRejection {
        if (t != JsonToken.VALUE_STRING) {
            throw invalid(p, "the timestamp of an entry must be a string of Unix epoch nanoseconds, not "
                    + describe(t));
        }
        String text = p.getText();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(p, "error reading entry timestamp: strconv.ParseInt: parsing " + Quoting.quote(text) + ": invalid syntax");
        }
    }

    /**
     * The third element: {@code {"name":"value",...}}. Loki also accepts the query-response shape
     * {@code {"structuredMetadata":{..},"parsed":{..}}}, taking only the structured metadata from it.
     */
    private static Labels readMetadata(JsonParser p, JsonToken t, DecodeBudget budget)
            throws IOException, PushRejection {
        if (t != JsonToken.START_OBJECT) throw invalid(p, "the structured metadata of an entry must be an object");
        List<Label> pairs = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                if (name.equals("structuredMetadata")) {
                    pairs.clear();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        pairs.add(pair(inner, scalarText(p, p.nextToken(), "structured metadata " + inner), budget));
                    }
                } else {
                    p.skipChildren();
                }
            } else {
                pairs.add(pair(name, scalarText(p, value, "structured metadata " + name), budget));
            }
        }
        return Labels.of(pairs);
    }

    private static Label pair(String name, String value, DecodeBudget budget) throws DecodeBudget.Exceeded {
        budget.decoded(name.length() + value.length());
        return new Label(name, value);
    }

    /** Loki reads label and metadata values as text, so numbers and booleans are taken as written. */
    static String scalarText(JsonParser p, JsonToken t, String what) throws IOException, PushRejection {
        return switch (t) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            default -> throw invalid(p, "the value of " + what + " must be a string, not " + describe(t));
        };
    }

    /** The text form Loki builds from a JSON label object: sorted names, Go-quoted values. */
    static String labelText(Map<String, String> sortedLabels) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> l : sortedLabels.entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(l.getKey()).append('=');
            Quoting.quote(sb, l.getValue());
        }
        return sb.append('}').toString();
    }

    static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws PushRejection {
        if (actual != expected) {
            throw invalid(p, what + " must be " + describe(expected) + ", not " + describe(actual));
        }
    }

    static PushRejection invalid(JsonParser p, String message) {
        return PushRejection.badRequest("invalid JSON push request: " + message
                + " (at line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr() + ")");
    }

    private static String describe(JsonToken t) {
        if (t == null) return "the end of the body";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
