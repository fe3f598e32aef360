package dev.sigyn.distributor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.format.Timestamps;
import dev.sigyn.ingester.EncodedEntries;
import dev.sigyn.ingester.EntrySize;
import dev.sigyn.ingester.StreamPush;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.Utf8;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's push validation ({@code pkg/distributor/validator.go}): label-set checks refuse a whole stream, entry checks
 * a single entry; what passes is kept, what fails is reported with Loki's message and counted by reason.
 */
final class Validator {
    /** Loki may add this label itself, so a client-sent one does not count toward max_label_names_per_series. */
    private static final String SERVICE_NAME = "service_name";

    private final DistributorMetrics metrics;

    Validator(DistributorMetrics metrics) {
        this.metrics = metrics;
    }

    private record Refusal(DiscardReason reason, String message) {
    }

    ValidatedPush validate(String tenant, List<ParsedStream> streams, LimitsConfig limits, long nowNanos) {
        long oldestAccepted = limits.rejectOldSamples()
                ? UnixNanos.plus(nowNanos, limits.rejectOldSamplesMaxAge().negated()) : Long.MIN_VALUE;
        long newestAccepted = UnixNanos.plus(nowNanos, limits.creationGracePeriod());
        GroupedErrors errors = new GroupedErrors();
        Map<DiscardReason, long[]> discarded = new EnumMap<>(DiscardReason.class);
        Map<Labels, EncodedEntries.Builder> accepted = new LinkedHashMap<>();
        int lines = 0;
        long bytes = 0;

        for (ParsedStream stream : streams) {
            if (stream.entries().isEmpty()) continue;
            Refusal refusal = checkLabels(stream, limits);
            if (refusal != null) {
                errors.add(refusal.message());
                for (Entry e : stream.entries()) count(discarded, refusal.reason(), EntrySize.of(e));
                continue;
            }
            // Kept entries as UTF-8 bytes, the form the ingester stores (protobuf lines never become Strings).
            EncodedEntries.Builder kept = accepted.computeIfAbsent(Labels.of(stream.labels()),
                    k -> new EncodedEntries.Builder(stream.entries().size()));
            List<Entry> received = stream.entries();
            EncodedEntries encoded = received instanceof EncodedEntries enc ? enc : null;
            for (int i = 0, n = received.size(); i < n; i++) {
                ChunkEntry entry = encoded != null ? encoded.encoded(i) : null;
                Entry text = encoded != null ? null : received.get(i);
                long ts = entry != null ? entry.timestampNanos() : text.timestampNanos();
                Labels metadata = entry != null ? entry.structuredMetadata() : text.structuredMetadata();
                if (metadata == null) metadata = Labels.EMPTY;
                int lineBytes = entry != null ? entry.line().length : Utf8.length(text.line());
                long metadataBytes = EntrySize.metadataBytes(metadata);
                refusal = checkEntry(stream.text(), ts, metadata, lineBytes, metadataBytes, limits, oldestAccepted,
                        newestAccepted);
                if (refusal != null) {
                    errors.add(refusal.message());
                    count(discarded, refusal.reason(), lineBytes + metadataBytes);
                    continue;
                }
                if (entry != null) kept.addEncoded(entry);
                else kept.add(text);
                lines++;
                bytes += lineBytes + metadataBytes;
            }
        }

        discarded.forEach((reason, c) -> metrics.discarded(tenant, reason, c[0], c[1]));
        List<StreamPush> pushes = new ArrayList<>(accepted.size());
        accepted.forEach((labels, entries) -> {
            if (!entries.isEmpty()) pushes.add(new StreamPush(labels, entries.build()));
        });
        return new ValidatedPush(pushes, lines, bytes, errors);
    }

    private static Refusal checkLabels(ParsedStream stream, LimitsConfig limits) {
        List<Label> labels = stream.labels();
        if (labels.isEmpty()) {
            return new Refusal(DiscardReason.MISSING_LABELS, "error at least one label pair is required per stream");
        }
        int names = labels.size();
        for (Label l : labels) if (l.name().equals(SERVICE_NAME)) names--;
        if (names > limits.maxLabelNamesPerSeries()) {
            return new Refusal(DiscardReason.MAX_LABEL_NAMES_PER_SERIES, "entry for stream '" + stream.text()
                    + "' has " + names + " label names; limit " + limits.maxLabelNamesPerSeries());
        }
        String previous = "";
        for (Label l : labels) {
            if (Utf8.length(l.name()) > limits.maxLabelNameLength()) {
                return new Refusal(DiscardReason.LABEL_NAME_TOO_LONG,
                        "stream '" + stream.text() + "' has label name too long: '" + l.name() + "'");
            }
            if (Utf8.length(l.value()) > limits.maxLabelValueLength()) {
                return new Refusal(DiscardReason.LABEL_VALUE_TOO_LONG,
                        "stream '" + stream.text() + "' has label value too long: '" + l.value() + "'");
            }
            if (l.name().equals(previous)) {
                return new Refusal(DiscardReason.DUPLICATE_LABEL_NAMES,
                        "stream '" + stream.text() + "' has duplicate label name: '" + l.name() + "'");
            }
            previous = l.name();
        }
        return null;
    }

    private static Refusal checkEntry(String stream, long ts, Labels metadata, int lineBytes, long metadataBytes,
                                      LimitsConfig limits, long oldestAccepted, long newestAccepted) {
        if (ts < oldestAccepted) {
            return new Refusal(DiscardReason.GREATER_THAN_MAX_SAMPLE_AGE, "entry for stream '" + stream
                    + "' has timestamp too old: " + Timestamps.rfc3339(ts)
                    + ", oldest acceptable timestamp is: " + Timestamps.rfc3339(oldestAccepted));
        }
        if (ts > newestAccepted) {
            return new Refusal(DiscardReason.TOO_FAR_IN_FUTURE,
                    "entry for stream '" + stream + "' has timestamp too new: " + Timestamps.rfc3339(ts));
        }
        long maxLine = limits.maxLineSize();
        if (maxLine != 0 && lineBytes > maxLine) {
            return new Refusal(DiscardReason.LINE_TOO_LONG, "max entry size '" + maxLine + "' bytes exceeded for stream '"
                    + stream + "' while adding an entry with length '" + lineBytes + "' bytes");
        }
        int metadataCount = metadata.size();
        if (metadataCount > 0) {
            if (!limits.allowStructuredMetadata()) {
                return new Refusal(DiscardReason.DISALLOWED_STRUCTURED_METADATA, "stream '" + stream
                        + "' includes structured metadata, but this feature is disallowed. Please see"
                        + " `limits_config.allow_structured_metadata` or contact your Loki administrator to enable it");
            }
            long maxBytes = limits.maxStructuredMetadataSize();
            if (maxBytes != 0 && metadataBytes > maxBytes) {
                return new Refusal(DiscardReason.STRUCTURED_METADATA_TOO_LARGE, "stream '" + stream
                        + "' has structured metadata too large: '" + metadataBytes + "' bytes, limit: '"
                        + maxBytes + "' bytes. Please see `limits_config.max_structured_metadata_size`"
                        + " or contact your Loki administrator to increase it");
            }
            int maxEntries = limits.maxStructuredMetadataEntriesCount();
            if (maxEntries != 0 && metadataCount > maxEntries) {
                return new Refusal(DiscardReason.STRUCTURED_METADATA_TOO_MANY, "stream '" + stream
                        + "' has too many structured metadata labels: '" + metadataCount + "', limit: '"
                        + maxEntries + "'. Please see"
                        + " `limits_config.max_structured_metadata_entries_count` or contact your Loki administrator"
                        + " to increase it");
            }
        }
        return null;
    }

    private static void count(Map<DiscardReason, long[]> discarded, DiscardReason reason, long bytes) {
        long[] c = discarded.computeIfAbsent(reason, r -> new long[2]);
        c[0]++;
        c[1] += bytes;
    }
}
