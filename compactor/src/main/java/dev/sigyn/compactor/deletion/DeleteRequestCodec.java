package dev.sigyn.compactor.deletion;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * JSON forms of delete requests: the object stored in the bucket (times in integer milliseconds, see
 * docs/storage-format.md) and Loki's list answer (times in seconds with up to three decimals, as Prometheus'
 * {@code model.Time} prints them).
 */
final class DeleteRequestCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private DeleteRequestCodec() {}

    static byte[] encodeStored(DeleteRequest r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("request_id", r.requestId());
            g.writeStringField("tenant", r.tenant());
            g.writeStringField("query", r.query());
            g.writeNumberField("start_time_ms", r.startMillis());
            g.writeNumberField("end_time_ms", r.endMillis());
            g.writeNumberField("created_at_ms", r.createdAtMillis());
            g.writeStringField("status", r.status().text);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static DeleteRequest decodeStored(byte[] data) throws IOException {
        String id = null, tenant = null, query = null, status = null;
        long start = Long.MIN_VALUE, end = Long.MIN_VALUE, created = Long.MIN_VALUE;
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("delete request: expected a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "request_id" -> id = p.getValueAsString();
                    case "tenant" -> tenant = p.getValueAsString();
                    case "query" -> query = p.getValueAsString();
                    case "status" -> status = p.getValueAsString();
                    case "start_time_ms" -> start = p.getLongValue();
                    case "end_time_ms" -> end = p.getLongValue();
                    case "created_at_ms" -> created = p.getLongValue();
                    default -> p.skipChildren(); // written by a newer version: ignore
                }
            }
        }
        if (id == null || tenant == null || query == null || status == null || start == Long.MIN_VALUE
                || end == Long.MIN_VALUE || created == Long.MIN_VALUE) {
            throw new IOException("delete request: a field is missing");
        }
        try {
            return new DeleteRequest(id, tenant, query, start, end, created, DeleteRequest.Status.of(status));
        } catch (IllegalArgumentException e) {
            throw new IOException("delete request: " + e.getMessage(), e);
        }
    }

    /** Loki's answer to {@code GET /loki/api/v1/delete}: a JSON array, oldest request first. */
    static byte[] encodeList(Collection<DeleteRequest> requests) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 192 * requests.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (DeleteRequest r : requests) {
                g.writeStartObject();
                g.writeStringField("request_id", r.requestId());
                g.writeFieldName("start_time");
                g.writeNumber(seconds(r.startMillis()));
                g.writeFieldName("end_time");
                g.writeNumber(seconds(r.endMillis()));
                g.writeStringField("query", r.query());
                g.writeStringField("status", r.status().text);
                g.writeFieldName("created_at");
                g.writeNumber(seconds(r.createdAtMillis()));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Milliseconds as seconds without trailing zeros: 1700000000000 → 1700000000, 1700000000500 → 1700000000.5. */
    static BigDecimal seconds(long millis) {
        BigDecimal s = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
