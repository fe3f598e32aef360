package dev.sigyn.querier.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Some partitions of the write log had no ingester able to answer for them, even after the owners were read again
 * for a while: the data they hold in memory is out of reach, and an answer without it would be silently incomplete.
 * The query API answers it with 503, as Loki does when too few ingesters are healthy; the client may retry shortly
 * (a partition handed over is served again once its new owner has caught up).
 */
public final class IngestersUnavailableException extends RuntimeException {
    private final Map<Integer, String> reasons;

    /** @param reasons per partition out of reach, why (e.g. {@code ingester 10.0.0.5:9095 unreachable: ...}) */
    public IngestersUnavailableException(Map<Integer, String> reasons) {
        super(message(new TreeMap<>(reasons)), null, false, false);
        this.reasons = Map.copyOf(reasons);
    }

    /** The partitions out of reach, each with why. */
    public Map<Integer, String> reasons() {
        return reasons;
    }

    /** Partitions out of reach for the same reason are named together. */
    private static String message(TreeMap<Integer, String> reasons) {
        Map<String, List<Integer>> byReason = new LinkedHashMap<>();
        reasons.forEach((p, why) -> byReason.computeIfAbsent(why, w -> new ArrayList<>()).add(p));
        StringBuilder sb = new StringBuilder();
        byReason.forEach((why, partitions) -> {
            sb.append(sb.isEmpty() ? "" : "; ");
            if (partitions.size() == 1) {
                sb.append("partition ").append(partitions.getFirst()).append(" of the write log has no ingester serving it");
            } else {
                sb.append("partitions ");
                for (int i = 0; i < partitions.size(); i++) sb.append(i == 0 ? "" : ", ").append(partitions.get(i));
                sb.append(" of the write log have no ingester serving them");
            }
            sb.append(" (").append(why).append(')');
        });
        return sb.append("; retry shortly").toString();
    }
}
