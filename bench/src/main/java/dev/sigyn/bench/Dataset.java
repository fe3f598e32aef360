package dev.sigyn.bench;

import java.util.List;
import java.util.Map;

/**
 * A benchmark dataset in the shape of the conformance corpus' {@code dataset.json}: streams per tenant, each entry a
 * unique nanosecond timestamp and a UTF-8 line, all within {@code [t0Nanos, t1Nanos)}.
 */
public record Dataset(long t0Nanos, long t1Nanos, Map<String, List<Stream>> tenants) {

    /** One stream: its labels in the dataset's order, and entries sorted by time. */
    public record Stream(Map<String, String> labels, long[] timestamps, byte[][] lines) {
        public int size() {
            return lines.length;
        }

        public long lineBytes() {
            long sum = 0;
            for (byte[] line : lines) sum += line.length;
            return sum;
        }
    }

    public long lineCount() {
        return tenants.values().stream().flatMap(List::stream).mapToLong(Stream::size).sum();
    }

    public long lineBytes() {
        return tenants.values().stream().flatMap(List::stream).mapToLong(Stream::lineBytes).sum();
    }

    public int streamCount() {
        return tenants.values().stream().mapToInt(List::size).sum();
    }

    /** The same dataset restricted to one tenant. */
    public Dataset onlyTenant(String tenant) {
        List<Stream> streams = tenants.get(tenant);
        if (streams == null) throw new IllegalArgumentException("the dataset has no tenant " + tenant + ": " + tenants.keySet());
        return new Dataset(t0Nanos, t1Nanos, Map.of(tenant, streams));
    }

    /** This dataset (of one tenant) pushed as another tenant: for a second copy that warms a server up. */
    public Dataset asTenant(String tenant) {
        if (tenants.size() != 1) throw new IllegalArgumentException("--as-tenant needs a dataset of one tenant (use --tenant)");
        return new Dataset(t0Nanos, t1Nanos, Map.of(tenant, tenants.values().iterator().next()));
    }
}
