package dev.sigyn.cluster;

/**
 * One process of a local cluster, as a line of DIR/cluster.txt says: {@code NAME PID ADDRESS}.
 *
 * @param name    {@code broker-1}, {@code distributor-2}, {@code ingester-1}, {@code querier-1},
 *                {@code query-frontend-1}, {@code compactor-1}
 * @param pid     the process id of its last start
 * @param address {@code 127.0.0.1:PORT} for a broker (Kafka's bootstrap address), {@code http://127.0.0.1:PORT} for a
 *                Sigyn process (its HTTP API)
 */
public record Member(String name, long pid, String address) {
    public boolean isBroker() {
        return name.startsWith("broker-");
    }

    /** The Sigyn target this process runs ({@code ingester} for {@code ingester-2}); {@code broker} for a broker. */
    public String role() {
        return name.substring(0, name.lastIndexOf('-'));
    }

    /** The broker's Kafka node id (its number: {@code broker-2} is node 2). */
    int nodeId() {
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    Member withPid(long newPid) {
        return new Member(name, newPid, address);
    }

    String line() {
        return name + " " + pid + " " + address;
    }

    static Member parse(String line) {
        String[] parts = line.trim().split(" +");
        if (parts.length != 3) throw new IllegalArgumentException("not a NAME PID ADDRESS line: " + line);
        return new Member(parts[0], Long.parseLong(parts[1]), parts[2]);
    }
}
