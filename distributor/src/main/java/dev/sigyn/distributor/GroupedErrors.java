package dev.sigyn.distributor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation messages of one push, grouped the way Loki reports them: identical messages are counted, groups are
 * joined with {@code "; "}, and each group reads {@code "<n> errors like: <message>"} unless the push produced
 * exactly one error. Groups keep the order in which they first occurred.
 */
final class GroupedErrors {
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    void add(String message) {
        counts.merge(message, 1, Integer::sum);
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    String message() {
        boolean counted = counts.size() > 1;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> group : counts.entrySet()) {
            if (!sb.isEmpty()) sb.append("; ");
            if (counted || group.getValue() > 1) sb.append(group.getValue()).append(" errors like: ");
            sb.append(group.getKey());
        }
        return sb.toString();
    }
}
