package dev.sigyn.distributor;

import dev.sigyn.distributor.OtlpLogs.Attribute;
import dev.sigyn.distributor.OtlpLogs.LogRecord;
import dev.sigyn.distributor.OtlpLogs.Resource;
import dev.sigyn.distributor.OtlpLogs.Scope;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loki's default OTLP mapping: the resource attributes in {@link #INDEX_LABEL_ATTRIBUTES} become stream labels;
 * every other resource, scope and log attribute becomes structured metadata, as do the scope's name and version
 * and the record's severity, trace and span ids, flags, event name and observed time. The line is the body
 * ({@code AsString}); the timestamp is {@code time_unix_nano}, else {@code observed_time_unix_nano}, else now.
 * {@code service_name} comes from {@code service.name}, else the first {@code discover_service_name} label
 * present, else {@code unknown_service} (none when that list is empty).
 */
final class OtlpMapper {
    /** Loki's {@code distributor.otlp.default_resource_attributes_as_index_labels}. */
    static final Set<String> INDEX_LABEL_ATTRIBUTES = Set.of("service.name", "service.namespace",
            "service.instance.id", "deployment.environment", "deployment.environment.name", "cloud.region",
            "cloud.availability_zone", "k8s.cluster.name", "k8s.namespace.name", "k8s.pod.name", "k8s.container.name",
            "container.name", "k8s.replicaset.name", "k8s.deployment.name", "k8s.statefulset.name",
            "k8s.daemonset.name", "k8s.cronjob.name", "k8s.job.name");
    private static final String SERVICE_NAME_ATTRIBUTE = "service.name";
    private static final String EVENT_NAME = "event_name";

    private OtlpMapper() {}

    static List<ParsedStream> toStreams(OtlpLogs logs, List<String> discoverServiceName, long nowNanos)
            throws PushRejection {
        Map<List<Label>, List<Entry>> byStream = new LinkedHashMap<>();
        for (Resource resource : logs.resources()) {
            Map<String, String> streamLabels = new TreeMap<>();
            List<Label> resourceMetadata = new ArrayList<>();
            boolean hasServiceName = false;
            for (Attribute attr : resource.attributes()) {
                if (attr.key().equals(SERVICE_NAME_ATTRIBUTE) && !OtlpValues.asString(attr.value()).isEmpty()) {
                    hasServiceName = true;
                }
                List<Label> labels = flatten(attr.key(), attr.value(), null);
                if (INDEX_LABEL_ATTRIBUTES.contains(attr.key())) {
                    for (Label l : labels) streamLabels.put(l.name(), l.value());
                } else {
                    resourceMetadata.addAll(labels);
                }
            }
            if (!hasServiceName && !discoverServiceName.isEmpty()) {
                String service = ServiceNameDiscovery.UNKNOWN_SERVICE;
                for (String candidate : discoverServiceName) {
                    String v = streamLabels.get(candidate);
                    if (v != null && !v.isEmpty()) {
                        service = v;
                        break;
                    }
                }
                streamLabels.put(ServiceNameDiscovery.SERVICE_NAME, service);
            }
            List<Label> stream = new ArrayList<>();
            // An empty value is no label at all, as on the Loki push API.
            streamLabels.forEach((k, v) -> {
                if (!v.isEmpty()) stream.add(new Label(k, v));
            });

            for (Scope scope : resource.scopes()) {
                List<Label> scopeMetadata = new ArrayList<>();
                for (Attribute attr : scope.attributes()) scopeMetadata.addAll(flatten(attr.key(), attr.value(), null));
                if (!scope.name().isEmpty()) scopeMetadata.add(new Label("scope_name", scope.name()));
                if (!scope.version().isEmpty()) scopeMetadata.add(new Label("scope_version", scope.version()));
                if (scope.droppedAttributesCount() != 0) {
                    scopeMetadata.add(new Label("scope_dropped_attributes_count",
                            Long.toString(scope.droppedAttributesCount())));
                }
                List<Entry> entries = byStream.computeIfAbsent(stream, k -> new ArrayList<>());
                for (LogRecord record : scope.records()) {
                    entries.add(entry(record, resourceMetadata, scopeMetadata, nowNanos));
                }
            }
        }
        List<ParsedStream> out = new ArrayList<>(byStream.size());
        byStream.forEach((labels, entries) -> {
            if (!entries.isEmpty()) out.add(new ParsedStream(labels, StreamLabelParser.text(labels), entries));
        });
        return out;
    }

    private static Entry entry(LogRecord r, List<Label> resourceMetadata, List<Label> scopeMetadata, long nowNanos)
            throws PushRejection {
        List<Label> metadata = new ArrayList<>(resourceMetadata);
        metadata.addAll(scopeMetadata);
        // The record's own fields last: on a name clash the most specific value wins.
        for (Attribute attr : r.attributes()) {
            if (attr.key().equals(EVENT_NAME) && !r.eventName().isEmpty()) continue; // the field outranks it
            metadata.addAll(flatten(attr.key(), attr.value(), null));
        }
        if (r.timeUnixNano() != 0 && r.observedTimeUnixNano() != 0) {
            metadata.add(new Label("observed_timestamp", Long.toUnsignedString(r.observedTimeUnixNano())));
        }
        if (r.severityNumber() != 0) metadata.add(new Label("severity_number", Integer.toString(r.severityNumber())));
        if (!r.severityText().isEmpty()) metadata.add(new Label("severity_text", r.severityText()));
        if (r.droppedAttributesCount() != 0) {
            metadata.add(new Label("dropped_attributes_count", Long.toString(r.droppedAttributesCount())));
        }
        if (r.flags() != 0) metadata.add(new Label("flags", Long.toString(r.flags())));
        if (!allZero(r.traceId())) metadata.add(new Label("trace_id", HexFormat.of().formatHex(r.traceId())));
        if (!allZero(r.spanId())) metadata.add(new Label("span_id", HexFormat.of().formatHex(r.spanId())));
        if (!r.eventName().isEmpty()) metadata.add(new Label(EVENT_NAME, r.eventName()));
        long ts = r.timeUnixNano() != 0 ? r.timeUnixNano() : r.observedTimeUnixNano() != 0 ? r.observedTimeUnixNano()
                : nowNanos;
        return new Entry(ts, OtlpValues.asString(r.body()), Labels.of(metadata));
    }

    /** One label per attribute; a map value gives one per leaf, named {@code parent_child}. */
    private static List<Label> flatten(String key, OtlpLogs.Value value, String prefix) throws PushRejection {
        String name = OtlpValues.labelName(prefix == null ? key : prefix + "_" + key);
        if (value instanceof OtlpLogs.KeyValueList map) {
            List<Label> out = new ArrayList<>();
            for (Attribute inner : map.values()) out.addAll(flatten(inner.key(), inner.value(), name));
            return out;
        }
        return List.of(new Label(name, OtlpValues.asString(value)));
    }

    private static boolean allZero(byte[] id) {
        for (byte b : id) if (b != 0) return false;
        return true;
    }
}
