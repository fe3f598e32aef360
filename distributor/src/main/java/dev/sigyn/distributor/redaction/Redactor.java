package dev.sigyn.distributor.redaction;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RedactionRule;
import dev.sigyn.ingester.EncodedEntries;
import dev.sigyn.ingester.StreamPush;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies each tenant's redaction rules to the validated streams of a push, the last step before the ingester's WAL
 * or Kafka: lines and structured metadata values always, stream label values for rules with {@code labels: true}.
 * Rules are compiled once per distinct rule list and secret, so a reloaded overrides file costs one compilation.
 * Counts replaced values in {@code sigyn_distributor_redactions_total{tenant, rule}}.
 */
public final class Redactor {
    /** Distinct rule lists seen; beyond this (overrides files rewritten many times) the cache starts over. */
    private static final int MAX_CACHED = 256;

    private record Key(List<RedactionRule> rules, String secret) {
    }

    private final MeterRegistry registry;
    private final Map<Key, RedactionRules> compiled = new ConcurrentHashMap<>();

    public Redactor(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code streams} with the tenant's rules applied; the same list when the tenant has none or nothing matched. */
    public List<StreamPush> apply(String tenant, LimitsConfig limits, List<StreamPush> streams) {
        if (limits.redaction().isEmpty()) return streams;
        RedactionRules rules = rulesOf(limits);
        RedactionPass pass = rules.newPass();
        List<StreamPush> out = null;
        boolean labelsChanged = false;
        for (int s = 0; s < streams.size(); s++) {
            StreamPush stream = streams.get(s);
            Labels labels = rules.appliesToLabels() ? redactLabels(stream.labels(), rules, pass) : stream.labels();
            List<Entry> entries = redactEntries(stream.entries(), rules, pass);
            if (labels == stream.labels() && entries == stream.entries()) {
                if (out != null) out.add(stream);
                continue;
            }
            if (out == null) out = new ArrayList<>(streams.subList(0, s));
            labelsChanged |= labels != stream.labels();
            out.add(new StreamPush(labels, entries));
        }
        report(tenant, rules, pass);
        if (out == null) return streams;
        return labelsChanged ? merged(out) : out;
    }

    private RedactionRules rulesOf(LimitsConfig limits) {
        Key key = new Key(limits.redaction(), limits.redactionHashSecret());
        RedactionRules rules = compiled.get(key);
        if (rules != null) return rules;
        if (compiled.size() >= MAX_CACHED) compiled.clear();
        return compiled.computeIfAbsent(key, k -> RedactionRules.compile(limits));
    }

    private static Labels redactLabels(Labels labels, RedactionRules rules, RedactionPass pass) {
        List<Label> out = null;
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            String value = rules.redactLabelValue(l.value(), pass);
            if (value == l.value()) continue;
            if (out == null) out = new ArrayList<>(labels.asList());
            out.set(i, new Label(l.name(), value));
        }
        return out == null ? labels : Labels.of(out);
    }

    /** The entries redacted; the same list when no line or metadata value changed, so clean pushes copy nothing. */
    private static List<Entry> redactEntries(List<Entry> entries, RedactionRules rules, RedactionPass pass) {
        EncodedEntries.Builder out = null;
        for (int i = 0, n = entries.size(); i < n; i++) {
            ChunkEntry e = EncodedEntries.toChunkEntry(entries, i);
            byte[] line = rules.redact(e.line(), pass);
            Labels metadata = redactMetadata(e.structuredMetadata(), rules, pass);
            if (line == e.line() && metadata == e.structuredMetadata()) {
                if (out != null) out.addEncoded(e);
                continue;
            }
            if (out == null) {
                out = new EncodedEntries.Builder(n);
                for (int k = 0; k < i; k++) out.addEncoded(EncodedEntries.toChunkEntry(entries, k));
            }
            out.addEncoded(new ChunkEntry(e.timestampNanos(), line, metadata));
        }
        return out == null ? entries : out.build();
    }

    private static Labels redactMetadata(Labels metadata, RedactionRules rules, RedactionPass pass) {
        if (metadata == null || metadata.isEmpty()) return metadata;
        List<Label> out = null;
        for (int i = 0; i < metadata.size(); i++) {
            Label l = metadata.get(i);
            byte[] value = l.value().getBytes(StandardCharsets.UTF_8);
            byte[] redacted = rules.redact(value, pass);
            if (redacted == value) continue;
            if (out == null) out = new ArrayList<>(metadata.asList());
            out.set(i, new Label(l.name(), new String(redacted, StandardCharsets.UTF_8)));
        }
        return out == null ? metadata : Labels.of(out);
    }

    /** Streams whose label sets became equal once redacted are one stream, as the ingester expects. */
    private static List<StreamPush> merged(List<StreamPush> streams) {
        Map<Labels, EncodedEntries.Builder> byLabels = new LinkedHashMap<>();
        for (StreamPush s : streams) {
            EncodedEntries.Builder b = byLabels.computeIfAbsent(s.labels(),
                    k -> new EncodedEntries.Builder(s.entries().size()));
            for (int i = 0; i < s.entries().size(); i++) b.addEncoded(EncodedEntries.toChunkEntry(s.entries(), i));
        }
        if (byLabels.size() == streams.size()) return streams;
        List<StreamPush> out = new ArrayList<>(byLabels.size());
        byLabels.forEach((labels, entries) -> out.add(new StreamPush(labels, entries.build())));
        return out;
    }

    private void report(String tenant, RedactionRules rules, RedactionPass pass) {
        for (int i = 0; i < rules.size(); i++) {
            int n = pass.count(i);
            if (n == 0) continue;
            Counter.builder("sigyn.distributor.redactions")
                    .description("Values replaced or hashed by limits_config.redaction before anything was written")
                    .tag("tenant", tenant).tag("rule", rules.name(i)).register(registry).increment(n);
        }
    }
}
