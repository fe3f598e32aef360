package dev.sigyn.querier.patterns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.logql.patterns.LogPattern;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Loki 3's patterns answer: {@code {"status":"success","data":[{"pattern":"…","level":"…","samples":[[s,n],…]}]}},
 * samples as JSON numbers (Unix seconds, line count), not strings as in query answers.
 */
final class PatternsJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PatternsJson() {}

    static Buffer write(List<LogPattern> patterns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (LogPattern p : patterns) {
                g.writeStartObject();
                g.writeStringField("pattern", wellFormed(p.pattern()));
                g.writeStringField("level", p.level());
                g.writeArrayFieldStart("samples");
                for (LogPattern.Sample s : p.samples()) {
                    g.writeStartArray();
                    g.writeNumber(s.timestampSeconds());
                    g.writeNumber(s.count());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** The text with lone surrogates (possible in pushed lines) replaced, so that it encodes as UTF-8. */
    private static String wellFormed(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (sb != null) sb.append(c).append(s.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) {
                if (sb == null) sb = new StringBuilder(s.length()).append(s, 0, i);
                sb.append('\uFFFD');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
