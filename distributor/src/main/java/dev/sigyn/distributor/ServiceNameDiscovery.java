package dev.sigyn.distributor;

import dev.sigyn.logql.Label;

import java.util.ArrayList;
import java.util.List;

/**
 * Loki 3's {@code service_name} rule: a stream pushed without that label gets one, valued from the first label of
 * {@code limits_config.discover_service_name} (in that order) that the stream has, else {@code unknown_service}. An
 * empty list turns the rule off. Loki's internal streams (aggregated metrics, patterns) are left alone.
 */
final class ServiceNameDiscovery {
    static final String SERVICE_NAME = "service_name";
    static final String UNKNOWN_SERVICE = "unknown_service";
    private static final String AGGREGATED_METRIC = "__aggregated_metric__";
    private static final String PATTERN = "__pattern__";

    private ServiceNameDiscovery() {}

    /** The stream with {@code service_name} added when the rule applies; the same stream otherwise. */
    static ParsedStream apply(ParsedStream stream, List<String> candidates) {
        if (candidates.isEmpty()) return stream;
        List<Label> labels = stream.labels();
        String value = null;
        int bestRank = Integer.MAX_VALUE;
        for (Label l : labels) {
            String name = l.name();
            if (name.equals(SERVICE_NAME) || name.equals(AGGREGATED_METRIC) || name.equals(PATTERN)) return stream;
            int rank = candidates.indexOf(name);
            // Parsed labels carry no empty values, so any candidate present counts.
            if (rank >= 0 && rank < bestRank) {
                bestRank = rank;
                value = l.value();
            }
        }
        List<Label> withService = new ArrayList<>(labels.size() + 1);
        withService.addAll(labels);
        withService.add(new Label(SERVICE_NAME, value == null ? UNKNOWN_SERVICE : value));
        withService.sort(null);
        return new ParsedStream(withService, StreamLabelParser.text(withService), stream.entries());
    }
}
