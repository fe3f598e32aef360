package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.sigyn.distributor.OtlpLogs.Attribute;
import dev.sigyn.distributor.OtlpLogs.LogRecord;
import dev.sigyn.distributor.OtlpLogs.Resource;
import dev.sigyn.distributor.OtlpLogs.Scope;
import dev.sigyn.distributor.OtlpLogs.Value;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Decodes the OTLP/JSON form of {@code ExportLogsServiceRequest}: field names in lowerCamelCase (snake_case is
 * accepted too), 64-bit integers as strings or numbers, trace and span ids as hex, bytes as base64, and severity
 * numbers as integers or enum names. Unknown fields are skipped; {@code null} counts as absent.
 */
final class OtlpJsonDecoder {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(128).build()).build();
    private static final String[] SEVERITY_BASES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private OtlpJsonDecoder() {}

    /** Decodes {@code body[0, length)}, counting each decoded record, attribute and value into the budget. */
    static OtlpLogs decode(byte[] body, int length, DecodeBudget budget) throws IOException {
        try (JsonParser p = JSON.createParser(body, 0, length)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "request");
            List<Resource> resources = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = name(p);
                JsonToken t = p.nextToken();
                if (field.equals("resourcelogs") && t == JsonToken.START_ARRAY) {
                    resources.addAll(readObjects(p, budget, OtlpJsonDecoder::readResourceLogs));
                } else {
                    p.skipChildren();
                }
            }
            return new OtlpLogs(resources);
        }
    }

    private static Resource readResourceLogs(JsonParser p, DecodeBudget budget) throws IOException {
        List<Attribute> attributes = List.of();
        List<Scope> scopes = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = name(p);
            JsonToken t = p.nextToken();
            if (field.equals("resource") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = name(p);
                    JsonToken v = p.nextToken();
                    if (f.equals("attributes") && v == JsonToken.START_ARRAY) attributes = readAttributes(p, budget);
                    else p.skipChildren();
                }
            } else if (field.equals("scopelogs") && t == JsonToken.START_ARRAY) {
                scopes.addAll(readObjects(p, budget, OtlpJsonDecoder::readScopeLogs));
            } else {
                p.skipChildren();
            }
        }
        budget.decoded(0);
        return new Resource(attributes, scopes);
    }

    private static Scope readScopeLogs(JsonParser p, DecodeBudget budget) throws IOException {
        String name = "", version = "";
        List<Attribute> attributes = List.of();
        long dropped = 0;
        List<LogRecord> records = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = name(p);
            JsonToken t = p.nextToken();
            if (field.equals("scope") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = name(p);
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_NULL) continue;
                    switch (f) {
                        case "name" -> name = p.getValueAsString("");
                        case "version" -> version = p.getValueAsString("");
                        case "attributes" -> attributes = v == JsonToken.START_ARRAY ? readAttributes(p, budget) : skip(p);
                        case "droppedattributescount" -> dropped = integer(p, "droppedAttributesCount");
                        default -> p.skipChildren();
                    }
                }
            } else if (field.equals("logrecords") && t == JsonToken.START_ARRAY) {
                records.addAll(readObjects(p, budget, OtlpJsonDecoder::readLogRecord));
            } else {
                p.skipChildren();
            }
        }
        budget.decoded(name.length() + version.length());
        return new Scope(name, version, attributes, dropped, records);
    }

    private static LogRecord readLogRecord(JsonParser p, DecodeBudget budget) throws IOException {
        long time = 0, observed = 0, dropped = 0, flags = 0;
        int severity = 0;
        String severityText = "", eventName = "";
        Value body = OtlpLogs.Empty.INSTANCE;
        List<Attribute> attributes = List.of();
        byte[] traceId = new byte[0], spanId = new byte[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = name(p);
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) continue;
            switch (field) {
                case "timeunixnano" -> time = integer(p, "timeUnixNano");
                case "observedtimeunixnano" -> observed = integer(p, "observedTimeUnixNano");
                case "severitynumber" -> severity = severityNumber(p);
                case "severitytext" -> severityText = p.getValueAsString("");
                case "body" -> body = t == JsonToken.START_OBJECT ? readAnyValue(p, budget) : skipValue(p);
                case "attributes" -> attributes = t == JsonToken.START_ARRAY ? readAttributes(p, budget) : skip(p);
                case "droppedattributescount" -> dropped = integer(p, "droppedAttributesCount");
                case "flags" -> flags = integer(p, "flags");
                case "traceid" -> traceId = hex(p, "traceId");
                case "spanid" -> spanId = hex(p, "spanId");
                case "eventname" -> eventName = p.getValueAsString("");
                default -> p.skipChildren();
            }
        }
        budget.decoded(severityText.length() + eventName.length() + traceId.length + spanId.length);
        return new LogRecord(time, observed, severity, severityText, body, attributes, dropped, flags, traceId, spanId,
                eventName);
    }

    @FunctionalInterface
    private interface ObjectReader<T> {
        /** At START_OBJECT; ends at its END_OBJECT. */
        T read(JsonParser p, DecodeBudget budget) throws IOException;
    }

    /** At START_ARRAY; reads its objects and skips anything else, ending at its END_ARRAY. */
    private static <T> List<T> readObjects(JsonParser p, DecodeBudget budget, ObjectReader<T> reader)
            throws IOException {
        List<T> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.START_OBJECT) out.add(reader.read(p, budget));
            else p.skipChildren();
        }
        return out;
    }

    /** At START_ARRAY of {@code KeyValue} objects; ends at its END_ARRAY. */
    private static List<Attribute> readAttributes(JsonParser p, DecodeBudget budget) throws IOException {
        List<Attribute> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String key = "";
            Value value = OtlpLogs.Empty.INSTANCE;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = name(p);
                JsonToken v = p.nextToken();
                if (field.equals("key") && v == JsonToken.VALUE_STRING) key = p.getText();
                else if (field.equals("value") && v == JsonToken.START_OBJECT) value = readAnyValue(p, budget);
                else p.skipChildren();
            }
            budget.decoded(key.length());
            out.add(new Attribute(key, value));
        }
        return out;
    }

    /** At START_OBJECT of an {@code AnyValue}; ends at its END_OBJECT. */
    private static Value readAnyValue(JsonParser p, DecodeBudget budget) throws IOException {
        Value value = OtlpLogs.Empty.INSTANCE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = name(p);
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) continue;
            switch (field) {
                case "stringvalue" -> {
                    String text = p.getValueAsString("");
                    budget.decoded(text.length());
                    value = new OtlpLogs.Str(text);
                }
                case "boolvalue" -> value = new OtlpLogs.Bool(t == JsonToken.VALUE_TRUE
                        || (t == JsonToken.VALUE_STRING && p.getText().equals("true")));
                case "intvalue" -> value = new OtlpLogs.Int(signedInteger(p));
                case "doublevalue" -> value = new OtlpLogs.Double(doubleValue(p));
                case "bytesvalue" -> {
                    byte[] bytes = base64(p);
                    budget.decoded(bytes.length);
                    value = new OtlpLogs.Bytes(bytes);
                }
                case "arrayvalue", "kvlistvalue" -> {
                    boolean array = field.equals("arrayvalue");
                    List<Value> items = new ArrayList<>();
                    List<Attribute> pairs = List.of();
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = name(p);
                            JsonToken v = p.nextToken();
                            if (f.equals("values") && v == JsonToken.START_ARRAY) {
                                if (array) {
                                    for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                                        if (i == JsonToken.START_OBJECT) items.add(readAnyValue(p, budget));
                                        else p.skipChildren();
                                    }
                                } else {
                                    pairs = readAttributes(p, budget);
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                    value = array ? new OtlpLogs.Array(items) : new OtlpLogs.KeyValueList(pairs);
                }
                default -> p.skipChildren();
            }
        }
        budget.decoded(0);
        return value;
    }

    /** Field names compared without case and underscores: {@code timeUnixNano} = {@code time_unix_nano}. */
    private static String name(JsonParser p) throws IOException {
        return p.currentName().replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** An unsigned 64-bit integer (timestamps, counts, flags) from a JSON number or string. */
    private static long integer(JsonParser p, String field) throws IOException {
        String text = p.getText().strip();
        try {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                java.math.BigInteger n = integral(text);
                if (n != null) return n.longValue();
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_STRING) {
                return Long.parseUnsignedLong(text);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new JsonParseException(p, "invalid value for " + field + ": " + text);
    }

    private static long signedInteger(JsonParser p) throws IOException {
        String text = p.getText().strip();
        try {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) return Long.parseLong(text);
            java.math.BigInteger n = integral(text);
            if (n != null) return n.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new JsonParseException(p, "invalid value for intValue: " + text);
    }

    /**
     * The integer a JSON number such as {@code 1.5e9} denotes, or null when it is not a whole number of at most 20
     * digits. Checked before any digits are made: {@code 1e3000000} would otherwise build a million-digit number.
     */
    private static java.math.BigInteger integral(String text) {
        java.math.BigDecimal d = new java.math.BigDecimal(text);
        if (d.signum() == 0) return java.math.BigInteger.ZERO;
        if ((long) d.precision() - d.scale() > 20) return null;
        d = d.stripTrailingZeros();
        return d.scale() > 0 ? null : d.toBigIntegerExact();
    }

    private static double doubleValue(JsonParser p) throws IOException {
        String text = p.getText().strip();
        return switch (text) {
            case "NaN" -> java.lang.Double.NaN;
            case "Infinity" -> java.lang.Double.POSITIVE_INFINITY;
            case "-Infinity" -> java.lang.Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield java.lang.Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new JsonParseException(p, "invalid value for doubleValue: " + text);
                }
            }
        };
    }

    /** An integer or an enum name such as {@code SEVERITY_NUMBER_WARN2}. */
    private static int severityNumber(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) return (int) integer(p, "severityNumber");
        String text = p.getText().strip();
        if (text.equals("SEVERITY_NUMBER_UNSPECIFIED")) return 0;
        for (int i = 0; i < SEVERITY_BASES.length; i++) {
            String base = "SEVERITY_NUMBER_" + SEVERITY_BASES[i];
            if (text.equals(base)) return 4 * i + 1;
            if (text.length() == base.length() + 1 && text.startsWith(base)) {
                int step = text.charAt(base.length()) - '0';
                if (step >= 2 && step <= 4) return 4 * i + step;
            }
        }
        return (int) integer(p, "severityNumber");
    }

    private static byte[] hex(JsonParser p, String field) throws IOException {
        String text = p.getValueAsString("");
        try {
            return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(p, "invalid " + field + ": " + text);
        }
    }

    private static byte[] base64(JsonParser p) throws IOException {
        String text = p.getValueAsString("");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException again) {
                throw new JsonParseException(p, "invalid bytesValue: " + text);
            }
        }
    }

    private static <T> List<T> skip(JsonParser p) throws IOException {
        p.skipChildren();
        return List.of();
    }

    private static Value skipValue(JsonParser p) throws IOException {
        p.skipChildren();
        return OtlpLogs.Empty.INSTANCE;
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) throw new JsonParseException(p, what + ": expected " + expected.asString()
                + " but found " + (actual == null ? "end of input" : actual.asString()));
    }
}
