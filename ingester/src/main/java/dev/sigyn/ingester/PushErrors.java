package dev.sigyn.ingester;

import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Timestamps;
import dev.sigyn.logql.Labels;

import java.util.List;

/**
 * The texts of Loki's ingester push errors (pkg/ingester/stream.go, pkg/validation), which clients show to users.
 * Public for the distributors of microservices mode, which apply the per-stream rate limit themselves.
 */
public final class PushErrors {
    /** Loki's {@code max_returned_stream_errors} default: at most this many entries are listed per stream. */
    static final int MAX_LISTED_ENTRIES = 10;

    private PushErrors() {}

    /** One rejected entry of a stream. */
    public record Rejected(long timestampNanos, String reason, boolean rateLimited) {}

    static String tooFarBehind(long entryTs, long cutoff) {
        return "entry too far behind, entry timestamp is: " + Timestamps.rfc3339(entryTs)
                + ", oldest acceptable timestamp is: " + Timestamps.rfc3339(cutoff);
    }

    public static String streamRateLimit(long limitBytesPerSec, Labels labels, long entryBytes) {
        return "Per stream rate limit exceeded (limit: " + ByteSizes.formatConfig(limitBytesPerSec)
                + "/sec) while attempting to ingest for stream '" + labels + "' totaling " + ByteSizes.formatConfig(entryBytes)
                + ", consider splitting a stream via additional labels or contact your Loki administrator to see if"
                + " the limit can be increased";
    }

    static String streamLimit(Labels labels, String tenant) {
        return "Maximum active stream limit exceeded when trying to create stream " + labels
                + ", reduce the number of active streams (reduce labels or reduce label values), or contact your Loki"
                + " administrator to see if the limit can be increased, user: '" + tenant + "'";
    }

    /** Loki's per-stream summary of the entries it ignored, as one message. */
    public static String forStream(String tenant, Labels labels, List<Rejected> rejected, int totalEntries) {
        StringBuilder sb = new StringBuilder();
        for (Rejected r : rejected.subList(0, Math.min(rejected.size(), MAX_LISTED_ENTRIES))) {
            sb.append("entry with timestamp ").append(Timestamps.goString(r.timestampNanos()))
                    .append(" ignored, reason: '").append(r.reason()).append("',\n");
        }
        return sb.append("user '").append(tenant).append("', total ignored: ").append(rejected.size())
                .append(" out of ").append(totalEntries).append(" for stream: ").append(labels).toString();
    }
}
