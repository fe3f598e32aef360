package dev.sigyn.server;

import dev.sigyn.compactor.Compactor;
import dev.sigyn.querier.frontend.QuerierAddress;
import dev.sigyn.querier.frontend.QuerierDirectory;
import dev.sigyn.querier.remote.PartitionOwners;
import dev.sigyn.writelog.group.GroupDirectory;
import dev.sigyn.writelog.group.KafkaLease;
import dev.sigyn.writelog.group.Member;
import dev.sigyn.writelog.group.MemberAddress;
import dev.sigyn.writelog.group.PartitionAssignments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Adapters between the components' seams and Kafka's consumer groups, through which microservices-mode processes
 * find one another: the ingesters owning each partition (for queriers), the queriers (for the query-frontend), and
 * the compactor's lease.
 */
final class ClusterParts {
    private static final Logger log = LoggerFactory.getLogger(ClusterParts.class);

    private ClusterParts() {}

    /** Owners of the write log's partitions, from the ingesters' consumer group: their internal addresses. */
    static PartitionOwners partitionOwners(PartitionAssignments assignments) {
        return new PartitionOwners() {
            @Override
            public Owners current() {
                return owners(assignments.current());
            }

            @Override
            public Owners refresh() {
                return owners(assignments.refresh());
            }
        };
    }

    private static PartitionOwners.Owners owners(PartitionAssignments.Snapshot snapshot) {
        Map<Integer, String> addresses = new TreeMap<>();
        snapshot.owners().forEach((partition, member) -> addresses.put(partition, member.internal()));
        return new PartitionOwners.Owners(snapshot.partitionCount(), addresses);
    }

    /**
     * A consumer group's members, read every second on a thread of its own: callers (the frontend for every split,
     * a distributor for every push) ask on event loops and push threads, which must not wait for Kafka. While Kafka
     * cannot be reached, the last list stands.
     */
    static final class Members implements AutoCloseable {
        private final GroupDirectory group;
        private final ScheduledExecutorService refresher;
        private volatile List<Member> members = List.of();

        Members(GroupDirectory group) {
            this.group = group;
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sigyn-group-directory");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::reload, 0, 1, TimeUnit.SECONDS);
        }

        private void reload() {
            try {
                members = group.refresh();
            } catch (RuntimeException e) {
                log.atDebug().setCause(e).log("reading a consumer group failed; keeping its last members");
            }
        }

        /** The members with this role. */
        List<MemberAddress> withRole(String role) {
            return members.stream().map(Member::address).filter(a -> a.role().equals(role)).toList();
        }

        /** How many members have this role, at least 1 (this process, before Kafka lists it). */
        int count(String role) {
            return Math.max(1, withRole(role).size());
        }

        /** The queriers as the frontend dispatches to them. */
        QuerierDirectory queriers() {
            return () -> withRole("querier").stream().map(a -> new QuerierAddress(a.internal(), a.http())).toList();
        }

        @Override
        public void close() {
            refresher.shutdownNow();
            group.close();
        }
    }

    /**
     * Runs the compactor only while this process holds the compactor lease. The lease's callbacks must return at
     * once, so starting and stopping (which waits for a pass in progress) happen on a thread of their own.
     */
    static KafkaLease compactorLease(java.util.Properties base, String writeLogTopic, short replicationFactor,
                                     MemberAddress self, Compactor compactor) {
        ExecutorService control = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sigyn-compactor-lease");
            t.setDaemon(true);
            return t;
        });
        return new KafkaLease(base, KafkaLease.compactorLeaseTopic(writeLogTopic), writeLogTopic + ".compactor",
                replicationFactor, self, new KafkaLease.Listener() {
                    @Override
                    public void onAcquired() {
                        log.atInfo().log("compactor lease acquired: this compactor works on the bucket");
                        control.execute(compactor::start);
                    }

                    @Override
                    public void onLost() {
                        log.atInfo().log("compactor lease lost: this compactor stops");
                        control.execute(compactor::close);
                    }
                });
    }
}
