package dev.sigyn.compactor.deletion;

import dev.sigyn.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delete requests of every tenant, kept in the object store as {@code deletes/<tenant>/<request_id>.json} so
 * that any process sharing the bucket sees them (a restarted compactor, queriers of a split deployment).
 *
 * <p>Queries read a per-tenant copy refreshed from the bucket every {@code refreshInterval}; changes made through
 * this object update that copy at once, so in one process a new request hides its lines from the next query.
 * Modifications are serialised, so a request cannot be cancelled while the compactor is processing it.
 */
public final class DeleteRequests {
    private static final Logger log = LoggerFactory.getLogger(DeleteRequests.class);
    static final String PREFIX = "deletes/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a cancellation did. */
    public enum CancelOutcome { CANCELLED, NOT_FOUND, ALREADY_PROCESSING }

    private record Snapshot(List<ActiveDelete> requests, long loadedAtNanos) {}

    private final BlobStore store;
    private final Clock clock;
    private final long refreshNanos;
    private final Map<String, Snapshot> byTenant = new ConcurrentHashMap<>();
    /** "tenant/id" of requests a compaction pass is processing; they cannot be cancelled. */
    private final Set<String> inProcess = ConcurrentHashMap.newKeySet();

    /** Told the tenant whenever one of its requests is created or cancelled here (e.g. to drop cached results). */
    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DeleteRequests(BlobStore store, Clock clock, Duration refreshInterval) {
        this.store = store;
        this.clock = clock;
        this.refreshNanos = Math.max(0, refreshInterval.toNanos());
    }

    /**
     * Stores a new request and returns it. The query must already be valid ({@link DeleteQuery#parse}); the caller
     * checked the times.
     */
    public synchronized DeleteRequest create(String tenant, String query, long startMillis, long endMillis) throws IOException {
        DeleteQuery compiled = DeleteQuery.parse(query);
        Set<String> taken = new HashSet<>();
        for (ActiveDelete d : reload(tenant)) taken.add(d.request().requestId());
        String id;
        do {
            id = String.format("%08x", RANDOM.nextInt());
        } while (taken.contains(id));
        DeleteRequest r = new DeleteRequest(id, tenant, query, startMillis, endMillis, clock.millis(),
                DeleteRequest.Status.RECEIVED);
        store.put(key(r), DeleteRequestCodec.encodeStored(r));
        List<ActiveDelete> now = new ArrayList<>(current(tenant));
        now.add(new ActiveDelete(r, compiled));
        publish(tenant, now);
        listeners.forEach(l -> l.accept(tenant));
        return r;
    }

    /** Calls {@code listener} with the tenant each time a request of that tenant is created or cancelled. */
    public void onChange(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Every request of the tenant (read from the bucket), oldest first. */
    public List<DeleteRequest> list(String tenant) throws IOException {
        List<DeleteRequest> out = new ArrayList<>();
        for (ActiveDelete d : reload(tenant)) out.add(d.request());
        return out;
    }

    /** Loki's rule: a request can be cancelled until its processing starts. */
    public synchronized CancelOutcome cancel(String tenant, String requestId) throws IOException {
        for (ActiveDelete d : reload(tenant)) {
            DeleteRequest r = d.request();
            if (!r.requestId().equals(requestId)) continue;
            if (r.status() != DeleteRequest.Status.RECEIVED || inProcess.contains(tenant + "/" + requestId)) {
                return CancelOutcome.ALREADY_PROCESSING;
            }
            store.delete(key(r));
            reload(tenant);
            listeners.forEach(l -> l.accept(tenant));
            return CancelOutcome.CANCELLED;
        }
        return CancelOutcome.NOT_FOUND;
    }

    /**
     * The tenant's requests (received or processed) that queries must apply, from the copy refreshed every
     * {@code refreshInterval}. Blocks on the object store when the copy is stale.
     */
    public List<ActiveDelete> forQueries(String tenant) throws IOException {
        Snapshot s = byTenant.get(tenant);
        if (s != null && System.nanoTime() - s.loadedAtNanos() < refreshNanos) return s.requests();
        return reload(tenant);
    }

    /** Loki's JSON answer listing requests: {@code [{"request_id", "start_time", "end_time", "query", "status", "created_at"}]}. */
    public static byte[] toJson(List<DeleteRequest> requests) {
        return DeleteRequestCodec.encodeList(requests);
    }

    // ---- for the compactor ------------------------------------------------------------------------------------

    /** Tenants that have at least one stored request. */
    public Set<String> tenants() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String key : store.list(PREFIX)) {
            String[] parts = key.split("/");
            if (parts.length == 3) out.add(parts[1]);
        }
        return out;
    }

    /**
     * Received requests created at or before {@code createdUpToMillis} (whose cancel period is over), now marked as
     * being processed: they can no longer be cancelled until {@link #finish} is called.
     */
    public synchronized List<ActiveDelete> claimReceived(String tenant, long createdUpToMillis) throws IOException {
        List<ActiveDelete> out = new ArrayList<>();
        for (ActiveDelete d : reload(tenant)) {
            DeleteRequest r = d.request();
            if (r.status() == DeleteRequest.Status.RECEIVED && r.createdAtMillis() <= createdUpToMillis) {
                inProcess.add(tenant + "/" + r.requestId());
                out.add(d);
            }
        }
        return out;
    }

    /** Ends the processing of claimed requests: stores them as processed, or gives them back when it failed. */
    public synchronized void finish(String tenant, List<ActiveDelete> claimed, boolean processed) throws IOException {
        try {
            if (processed) {
                for (ActiveDelete d : claimed) {
                    DeleteRequest done = d.request().withStatus(DeleteRequest.Status.PROCESSED);
                    // A request cancelled by a process that ignored the claim is gone: do not bring it back.
                    try {
                        store.get(key(done));
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    store.put(key(done), DeleteRequestCodec.encodeStored(done));
                }
            }
        } finally {
            for (ActiveDelete d : claimed) inProcess.remove(tenant + "/" + d.request().requestId());
            reload(tenant);
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private List<ActiveDelete> current(String tenant) throws IOException {
        Snapshot s = byTenant.get(tenant);
        return s != null ? s.requests() : reload(tenant);
    }

    /** Reads the tenant's requests from the bucket and makes them the copy queries use. */
    private List<ActiveDelete> reload(String tenant) throws IOException {
        String prefix = PREFIX + tenant + "/";
        List<ActiveDelete> out = new ArrayList<>();
        for (String key : store.list(prefix)) {
            if (key.indexOf('/', prefix.length()) >= 0 || !key.endsWith(".json")) continue;
            DeleteRequest r;
            try {
                r = DeleteRequestCodec.decodeStored(store.get(key));
            } catch (NoSuchFileException e) {
                continue; // cancelled between listing and reading
            } catch (IOException e) {
                log.warn("unreadable delete request {} ignored: {}", key, e.getMessage());
                continue;
            }
            if (!r.tenant().equals(tenant)) {
                log.warn("delete request {} names tenant {}; ignored", key, r.tenant());
                continue;
            }
            try {
                out.add(new ActiveDelete(r, DeleteQuery.parse(r.query())));
            } catch (IllegalArgumentException e) {
                log.warn("delete request {} has an invalid query and is ignored: {}", key, e.getMessage());
            }
        }
        out.sort(Comparator.comparingLong((ActiveDelete d) -> d.request().createdAtMillis())
                .thenComparing(d -> d.request().requestId()));
        publish(tenant, out);
        return List.copyOf(out);
    }

    private void publish(String tenant, List<ActiveDelete> requests) {
        byTenant.put(tenant, new Snapshot(List.copyOf(requests), System.nanoTime()));
    }

    private static String key(DeleteRequest r) {
        return PREFIX + r.tenant() + "/" + r.requestId() + ".json";
    }
}
