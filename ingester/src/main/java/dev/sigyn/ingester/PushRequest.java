package dev.sigyn.ingester;

import java.util.List;
import java.util.Objects;

/**
 * One push as the distributor hands it to the ingester: a tenant and the validated entries of each stream, in
 * request order. Immutable all the way down (see {@link StreamPush}), so that the caller may not change it while the
 * ingester works and a network client can send it as it is.
 */
public record PushRequest(String tenant, List<StreamPush> streams) {
    public PushRequest {
        Objects.requireNonNull(tenant, "tenant");
        streams = List.copyOf(streams);
    }

    /** Entries over all streams. */
    public int lines() {
        int n = 0;
        for (StreamPush s : streams) n += s.entries().size();
        return n;
    }
}
