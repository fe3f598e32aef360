package dev.sigyn.querier;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code X-Loki-Response-Encoding-Flags} request header: comma-separated flags that change how log lines are
 * encoded. Loki echoes the flags it was given in {@code data.encodingFlags} of a streams answer and acts on
 * {@code categorize-labels} (Grafana sends it on every query).
 */
final class EncodingFlags {
    static final String HEADER = "X-Loki-Response-Encoding-Flags";
    static final String CATEGORIZE_LABELS = "categorize-labels";

    private EncodingFlags() {}

    /** The flags of a header value, each once, in the order given; none for a missing or empty header. */
    static List<String> parse(String header) {
        if (header == null || header.isEmpty()) return List.of();
        List<String> flags = new ArrayList<>();
        for (String flag : header.split(",", -1)) {
            if (!flags.contains(flag)) flags.add(flag); // Loki keeps them in a set, untrimmed
        }
        return List.copyOf(flags);
    }
}
