package dev.sigyn.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset file in the conformance corpus' format,
 * {@code {"t0_ns":…,"t1_ns":…,"tenants":{tenant:[{"stream":{…},"values":[["ns","line"],…]}]}}},
 * with a streaming parser so that files of hundreds of MB need no tree in memory.
 */
public final class DatasetFile {
    private static final JsonFactory JSON = new JsonFactory();

    private DatasetFile() {}

    public static Dataset read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static Dataset read(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            long t0 = 0, t1 = 0;
            Map<String, List<Dataset.Stream>> tenants = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "t0_ns" -> t0 = p.getLongValue();
                    case "t1_ns" -> t1 = p.getLongValue();
                    case "tenants" -> {
                        expect(p, value, JsonToken.START_OBJECT);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String tenant = p.currentName();
                            expect(p, p.nextToken(), JsonToken.START_ARRAY);
                            List<Dataset.Stream> streams = new ArrayList<>();
                            while (p.nextToken() == JsonToken.START_OBJECT) streams.add(readStream(p));
                            tenants.put(tenant, streams);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new Dataset(t0, t1, tenants);
        }
    }

    private static Dataset.Stream readStream(JsonParser p) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        List<Long> ts = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("stream")) {
                expect(p, value, JsonToken.START_OBJECT);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    labels.put(name, p.getText());
                }
            } else if (field.equals("values")) {
                expect(p, value, JsonToken.START_ARRAY);
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    ts.add(Long.parseLong(p.getText()));
                    p.nextToken();
                    lines.add(p.getText().getBytes(StandardCharsets.UTF_8));
                    while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren(); // e.g. structured metadata
                }
            } else {
                p.skipChildren();
            }
        }
        long[] timestamps = new long[ts.size()];
        for (int i = 0; i < timestamps.length; i++) timestamps[i] = ts.get(i);
        return new Dataset.Stream(labels, timestamps, lines.toArray(new byte[0][]));
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("dataset file: expected " + expected + " but found " + actual + " at " + p.currentLocation());
        }
    }
}
