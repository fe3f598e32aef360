package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.Timestamps;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static dev.sigyn.distributor.JsonPushDecoder.expect;
import static dev.sigyn.distributor.JsonPushDecoder.invalid;
import static dev.sigyn.distributor.JsonPushDecoder.scalarText;

/**
 * Decodes the JSON body of the deprecated {@code /api/prom/push}, which is Loki's protobuf message in JSON form:
 * <pre>{"streams":[{"labels":"{app=\"web\"}","entries":[{"ts":"2026-11-01T00:00:00.5Z","line":"a line"}]}]}</pre>
 */
final class LegacyJsonPushDecoder {
    private LegacyJsonPushDecoder() {}

    static List<ReceivedStream> decode(InputStream body, DecodeBudget budget) throws IOException, PushRejection {
        return JsonPushDecoder.readStreams(body, budget, LegacyJsonPushDecoder::readStream);
    }

    private static ReceivedStream readStream(JsonParser p, DecodeBudget budget) throws IOException, PushRejection {
        String labels = "";
        List<Entry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) continue;
            if (field.equals("labels")) {
                labels = scalarText(p, value, "labels");
            } else if (field.equals("entries")) {
                expect(p, value, JsonToken.START_ARRAY, "entries");
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    expect(p, t, JsonToken.START_OBJECT, "an entry");
                    entries.add(readEntry(p, budget));
                }
            } else {
                p.skipChildren();
            }
        }
        budget.decoded(labels.length());
        return new ReceivedStream(labels, entries);
    }

    private static Entry readEntry(JsonParser p, DecodeBudget budget) throws IOException, PushRejection {
        long timestamp = 0;
        String line = "";
        List<Label> metadata = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL) continue;
            switch (field) {
                case "ts" -> timestamp = parseTimestamp(p, scalarText(p, value, "ts"));
                case "line" -> line = scalarText(p, value, "line");
                case "structuredMetadata" -> {
                    expect(p, value, JsonToken.START_ARRAY, "structuredMetadata");
                    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        expect(p, t, JsonToken.START_OBJECT, "a structured metadata pair");
                        Label pair = readPair(p);
                        budget.decoded(pair.name().length() + pair.value().length());
                        metadata.add(pair);
                    }
                }
                default -> p.skipChildren();
            }
        }
        budget.decoded(line.length());
        return new Entry(timestamp, line, Labels.of(metadata));
    }

    private static Label readPair(JsonParser p) throws IOException, PushRejection {
        String name = "";
        String value = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("name")) name = scalarText(p, t, "name");
            else if (field.equals("value")) value = scalarText(p, t, "value");
            else p.skipChildren();
        }
        return new Label(name, value);
    }

    /** Go's time.Time JSON form, RFC 3339 with optional fractional seconds. */
    private static long parseTimestamp(JsonParser p, String text) throws PushRejection {
        try {
            return Timestamps.parseRfc3339(text);
        } catch (FormatException e) {
            throw invalid(p, "entry timestamp \"" + text + "\" is not an RFC 3339 time");
        }
    }
}
