package dev.sigyn.distributor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.sigyn.distributor.OtlpLogs.Attribute;
import dev.sigyn.distributor.OtlpLogs.LogRecord;
import dev.sigyn.distributor.OtlpLogs.Resource;
import dev.sigyn.distributor.OtlpLogs.Scope;
import dev.sigyn.distributor.OtlpLogs.Value;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an OTLP {@code ExportLogsServiceRequest} field by field with {@link CodedInputStream} (no generated
 * classes); unknown and deprecated fields are skipped.
 * <pre>
 * ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
 * ResourceLogs     { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
 * Resource         { repeated KeyValue attributes = 1; }
 * ScopeLogs        { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
 * InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3;
 *                        uint32 dropped_attributes_count = 4; }
 * LogRecord        { fixed64 time_unix_nano = 1; fixed64 observed_time_unix_nano = 11; int32 severity_number = 2;
 *                    string severity_text = 3; AnyValue body = 5; repeated KeyValue attributes = 6;
 *                    uint32 dropped_attributes_count = 7; fixed32 flags = 8; bytes trace_id = 9;
 *                    bytes span_id = 10; string event_name = 12; }
 * KeyValue         { string key = 1; AnyValue value = 2; }
 * AnyValue         { oneof { string = 1; bool = 2; int64 = 3; double = 4; ArrayValue = 5; KeyValueList = 6;
 *                    bytes = 7; } }
 * ArrayValue       { repeated AnyValue values = 1; }   KeyValueList { repeated KeyValue values = 1; }
 * </pre>
 */
final class OtlpProtobufDecoder {
    private static final int MAX_NESTING = 64;

    private OtlpProtobufDecoder() {}

    /** Decodes {@code message[0, length)}, counting each decoded record, attribute and value into the budget. */
    static OtlpLogs decode(byte[] message, int length, DecodeBudget budget) throws PushRejection, DecodeBudget.Exceeded {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message, 0, length);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.setRecursionLimit(MAX_NESTING);
            List<Resource> resources = new ArrayList<>();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == bytesTag(1)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    resources.add(readResourceLogs(in, budget));
                    in.popLimit(limit);
                } else {
                    skip(in, tag);
                }
            }
            return new OtlpLogs(resources);
        } catch (DecodeBudget.Exceeded e) {
            throw e;
        } catch (IOException e) {
            throw PushRejection.badRequest("error decoding OTLP protobuf logs request: " + e.getMessage());
        }
    }

    private static Resource readResourceLogs(CodedInputStream in, DecodeBudget budget) throws IOException {
        List<Attribute> attributes = new ArrayList<>();
        List<Scope> scopes = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == bytesTag(1)) {
                int limit = in.pushLimit(in.readRawVarint32());
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == bytesTag(1)) attributes.add(readKeyValue(in, 0, budget));
                    else skip(in, t);
                }
                in.popLimit(limit);
            } else if (tag == bytesTag(2)) {
                int limit = in.pushLimit(in.readRawVarint32());
                scopes.add(readScopeLogs(in, budget));
                in.popLimit(limit);
            } else {
                skip(in, tag);
            }
        }
        budget.decoded(0);
        return new Resource(attributes, scopes);
    }

    private static Scope readScopeLogs(CodedInputStream in, DecodeBudget budget) throws IOException {
        String name = "";
        String version = "";
        List<Attribute> attributes = new ArrayList<>();
        long dropped = 0;
        List<LogRecord> records = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == bytesTag(1)) {
                int limit = in.pushLimit(in.readRawVarint32());
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == bytesTag(1)) name = in.readString();
                    else if (t == bytesTag(2)) version = in.readString();
                    else if (t == bytesTag(3)) attributes.add(readKeyValue(in, 0, budget));
                    else if (t == varintTag(4)) dropped = in.readUInt32() & 0xffffffffL;
                    else skip(in, t);
                }
                in.popLimit(limit);
            } else if (tag == bytesTag(2)) {
                int limit = in.pushLimit(in.readRawVarint32());
                records.add(readLogRecord(in, budget));
                in.popLimit(limit);
            } else {
                skip(in, tag);
            }
        }
        budget.decoded(name.length() + version.length());
        return new Scope(name, version, attributes, dropped, records);
    }

    private static LogRecord readLogRecord(CodedInputStream in, DecodeBudget budget) throws IOException {
        long time = 0, observed = 0, dropped = 0, flags = 0;
        int severity = 0;
        String severityText = "", eventName = "";
        Value body = OtlpLogs.Empty.INSTANCE;
        List<Attribute> attributes = new ArrayList<>();
        byte[] traceId = new byte[0], spanId = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | WireFormat.WIRETYPE_FIXED64 -> time = in.readFixed64();
                case 11 << 3 | WireFormat.WIRETYPE_FIXED64 -> observed = in.readFixed64();
                case 2 << 3 | WireFormat.WIRETYPE_VARINT -> severity = in.readEnum();
                case 3 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> severityText = in.readString();
                case 5 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> body = readAnyValue(in, 0, budget);
                case 6 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> attributes.add(readKeyValue(in, 0, budget));
                case 7 << 3 | WireFormat.WIRETYPE_VARINT -> dropped = in.readUInt32() & 0xffffffffL;
                case 8 << 3 | WireFormat.WIRETYPE_FIXED32 -> flags = in.readFixed32() & 0xffffffffL;
                case 9 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> traceId = in.readByteArray();
                case 10 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> spanId = in.readByteArray();
                case 12 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> eventName = in.readString();
                default -> skip(in, tag);
            }
        }
        budget.decoded(severityText.length() + eventName.length() + traceId.length + spanId.length);
        return new LogRecord(time, observed, severity, severityText, body, attributes, dropped, flags, traceId, spanId,
                eventName);
    }

    /** Reads a length-delimited {@code KeyValue} whose tag was just read. */
    private static Attribute readKeyValue(CodedInputStream in, int depth, DecodeBudget budget) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String key = "";
        Value value = OtlpLogs.Empty.INSTANCE;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == bytesTag(1)) key = in.readString();
            else if (tag == bytesTag(2)) value = readAnyValue(in, depth + 1, budget);
            else skip(in, tag);
        }
        in.popLimit(limit);
        budget.decoded(key.length());
        return new Attribute(key, value);
    }

    /** Reads a length-delimited {@code AnyValue} whose tag was just read; the last field set wins (oneof). */
    private static Value readAnyValue(CodedInputStream in, int depth, DecodeBudget budget) throws IOException {
        if (depth > MAX_NESTING) throw new NestedTooDeep();
        int limit = in.pushLimit(in.readRawVarint32());
        Value value = OtlpLogs.Empty.INSTANCE;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    String text = in.readString();
                    budget.decoded(text.length());
                    value = new OtlpLogs.Str(text);
                }
                case 2 << 3 | WireFormat.WIRETYPE_VARINT -> value = new OtlpLogs.Bool(in.readBool());
                case 3 << 3 | WireFormat.WIRETYPE_VARINT -> value = new OtlpLogs.Int(in.readInt64());
                case 4 << 3 | WireFormat.WIRETYPE_FIXED64 -> value = new OtlpLogs.Double(in.readDouble());
                case 5 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int l = in.pushLimit(in.readRawVarint32());
                    List<Value> values = new ArrayList<>();
                    for (int t = in.readTag(); t != 0; t = in.readTag()) {
                        if (t == bytesTag(1)) values.add(readAnyValue(in, depth + 1, budget));
                        else skip(in, t);
                    }
                    in.popLimit(l);
                    value = new OtlpLogs.Array(values);
                }
                case 6 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int l = in.pushLimit(in.readRawVarint32());
                    List<Attribute> values = new ArrayList<>();
                    for (int t = in.readTag(); t != 0; t = in.readTag()) {
                        if (t == bytesTag(1)) values.add(readKeyValue(in, depth + 1, budget));
                        else skip(in, t);
                    }
                    in.popLimit(l);
                    value = new OtlpLogs.KeyValueList(values);
                }
                case 7 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    byte[] bytes = in.readByteArray();
                    budget.decoded(bytes.length);
                    value = new OtlpLogs.Bytes(bytes);
                }
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        budget.decoded(0);
        return value;
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        if (!in.skipField(tag)) throw new InvalidProtocolBufferException("unexpected end-group tag");
    }

    private static int bytesTag(int field) {
        return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static int varintTag(int field) {
        return field << 3 | WireFormat.WIRETYPE_VARINT;
    }

    /** Attribute values nested deeper than any real exporter sends: refused rather than risking the stack. */
    private static final class NestedTooDeep extends IOException {
        NestedTooDeep() {
            super("attribute values nested more than " + MAX_NESTING + " levels deep");
        }
    }
}
