package dev.sigyn.distributor;

import java.util.List;

/**
 * The parts of an OTLP {@code ExportLogsServiceRequest} that Loki maps to streams, decoded from protobuf or JSON.
 * Field numbers and names: opentelemetry-proto {@code logs/v1/logs.proto} and {@code common/v1/common.proto}.
 */
record OtlpLogs(List<Resource> resources) {

    /** {@code ResourceLogs}: the resource's attributes and its scopes. */
    record Resource(List<Attribute> attributes, List<Scope> scopes) {
    }

    /** {@code ScopeLogs} with its {@code InstrumentationScope}. */
    record Scope(String name, String version, List<Attribute> attributes, long droppedAttributesCount,
                 List<LogRecord> records) {
    }

    /**
     * {@code LogRecord}. Timestamps are unsigned nanoseconds since the epoch (0: unset); trace and span ids are raw
     * bytes (empty: unset).
     */
    record LogRecord(long timeUnixNano, long observedTimeUnixNano, int severityNumber, String severityText,
                     Value body, List<Attribute> attributes, long droppedAttributesCount, long flags, byte[] traceId,
                     byte[] spanId, String eventName) {
    }

    /** {@code KeyValue}. */
    record Attribute(String key, Value value) {
    }

    /** {@code AnyValue}: one of these, or {@link Empty} when none is set. */
    sealed interface Value {
    }

    record Empty() implements Value {
        static final Empty INSTANCE = new Empty();
    }

    record Str(String value) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Int(long value) implements Value {
    }

    record Double(double value) implements Value {
    }

    record Bytes(byte[] value) implements Value {
    }

    record Array(List<Value> values) implements Value {
    }

    record KeyValueList(List<Attribute> values) implements Value {
    }
}
