package dev.sigyn.querier.remote;

import java.util.Map;
import java.util.Optional;

/**
 * Which ingester serves each partition of the write log, as the querier learns it (in microservices mode from the
 * ingesters' Kafka consumer group). Calls may block on the network: never call them on an event loop.
 */
public interface PartitionOwners {

    /** The owners as last known; cheap, may be stale. */
    Owners current();

    /** The owners read again, after a call found the known ones wrong (an owner unreachable or refusing). */
    Owners refresh();

    /**
     * @param partitionCount how many partitions the write log has (they are numbered from 0)
     * @param addresses      per partition that has an owner, the owner's internal address {@code host:port}
     */
    record Owners(int partitionCount, Map<Integer, String> addresses) {
        public Owners {
            addresses = Map.copyOf(addresses);
        }

        /** The internal address of the ingester serving {@code partition}, if one does. */
        public Optional<String> ownerOf(int partition) {
            return Optional.ofNullable(addresses.get(partition));
        }
    }
}
