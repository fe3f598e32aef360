package dev.sigyn.writelog.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** Membership, the directory and the partition owners, against a real broker. */
class GroupMembershipTest {
    private static final String TOPIC = "writes";
    private static final Duration SESSION = Duration.ofSeconds(6);
    private static Properties base;

    @BeforeAll
    static void startKafka() throws Exception {
        base = SharedKafka.base();
        try (Admin admin = Admin.create(base)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDirectoryListsEveryMemberWithItsAddressAndDropsOneThatLeavesWithinSeconds() throws Exception {
        MemberAddress a = new MemberAddress("querier", "127.0.0.1:9001", "127.0.0.1:3001");
        MemberAddress b = new MemberAddress("querier", "127.0.0.1:9002", "127.0.0.1:3002");
        try (GroupMembership ma = new GroupMembership(base, "queriers", TOPIC, a, SESSION);
             GroupMembership mb = new GroupMembership(base, "queriers", TOPIC, b, SESSION);
             GroupDirectory directory = new GroupDirectory(base, "queriers", TOPIC)) {
            ma.start();
            mb.start();
            awaitTrue(() -> addresses(directory.refresh()).equals(Set.of(a, b)), Duration.ofSeconds(10),
                    () -> "members: " + directory.refresh());
            assertEquals(2, directory.count());
            // The members are paused, not idle: the topic's partitions are divided between them.
            awaitTrue(() -> directory.refresh().stream().mapToInt(m -> m.partitions().size()).sum() == 4,
                    Duration.ofSeconds(10), () -> "members: " + directory.refresh());

            long t0 = System.nanoTime();
            mb.close();
            awaitTrue(() -> addresses(directory.refresh()).equals(Set.of(a)), Duration.ofSeconds(3),
                    () -> "members 3 s after one left: " + directory.refresh());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
            assertEquals(1, directory.count());
        }
    }

    @Test
    void clientsThatAreNotSigynAreLeftOut() throws Exception {
        MemberAddress a = new MemberAddress("distributor", "127.0.0.1:9011", "127.0.0.1:3011");
        try (GroupMembership ma = new GroupMembership(base, "distributors", TOPIC, a, SESSION);
             KafkaConsumer<byte[], byte[]> foreign = consumer("distributors", "console-consumer-1", "classic");
             GroupDirectory directory = new GroupDirectory(base, "distributors", TOPIC)) {
            ma.start();
            foreign.subscribe(List.of(TOPIC));
            awaitTrue(() -> {
                foreign.poll(Duration.ofMillis(100));
                return !foreign.assignment().isEmpty();
            }, Duration.ofSeconds(15), () -> "the foreign consumer never joined");
            assertEquals(List.of(a), directory.refresh().stream().map(Member::address).toList());
            assertEquals(1, directory.count());
        }
    }

    @Test
    void theCountIsAtLeastOneAndIncludesThisProcessBeforeTheCoordinatorListsIt() {
        MemberAddress self = new MemberAddress("distributor", "127.0.0.1:9021", "127.0.0.1:3021");
        try (GroupDirectory nobody = new GroupDirectory(base, "nobody-here", TOPIC);
             GroupDirectory withSelf = new GroupDirectory(base, "nobody-here", TOPIC, Optional.of(self),
                     Duration.ofSeconds(1))) {
            assertEquals(List.of(), nobody.members());
            assertEquals(1, nobody.count());
            assertEquals(1, withSelf.count());
        }
    }

    @Test
    void partitionAssignmentsNameTheOwnerOfEachPartition() throws Exception {
        MemberAddress a = new MemberAddress("ingester", "127.0.0.1:9031", "127.0.0.1:3031");
        MemberAddress b = new MemberAddress("ingester", "127.0.0.1:9032", "127.0.0.1:3032");
        // Plain consumers, as the ingesters' own, and with the newer group protocol (KIP-848) the directory reads too.
        try (KafkaConsumer<byte[], byte[]> ca = consumer("ingesters", a.clientId(), "consumer");
             KafkaConsumer<byte[], byte[]> cb = consumer("ingesters", b.clientId(), "consumer");
             PartitionAssignments assignments = new PartitionAssignments(base, "ingesters", TOPIC)) {
            ca.subscribe(List.of(TOPIC));
            cb.subscribe(List.of(TOPIC));
            Map<Integer, MemberAddress> expected = new HashMap<>();
            awaitTrue(() -> {
                ca.poll(Duration.ofMillis(100));
                cb.poll(Duration.ofMillis(100));
                expected.clear();
                ca.assignment().forEach(tp -> expected.put(tp.partition(), a));
                cb.assignment().forEach(tp -> expected.put(tp.partition(), b));
                return expected.size() == 4 && expected.containsValue(a) && expected.containsValue(b)
                        && expected.equals(assignments.refresh().owners());
            }, Duration.ofSeconds(20), () -> "consumers own " + expected + ", Kafka says " + assignments.refresh());

            PartitionAssignments.Snapshot s = assignments.current();
            assertEquals(4, s.partitionCount());
            assertEquals(List.of(), s.unowned());
            for (TopicPartition tp : ca.assignment()) assertEquals(Optional.of(a), s.owner(tp.partition()));
            for (TopicPartition tp : cb.assignment()) assertEquals(Optional.of(b), s.owner(tp.partition()));
        }
    }

    @Test
    void anUnreachableKafkaIsAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties nowhere = new Properties();
        nowhere.put("bootstrap.servers", "127.0.0.1:" + port);
        try (Admin admin = Admin.create(nowhere);
             GroupDirectory directory = new GroupDirectory(admin, false, "127.0.0.1:" + port, "queriers", TOPIC,
                     Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            GroupUnavailableException e = assertThrows(GroupUnavailableException.class, directory::members);
            assertTrue(e.getMessage().startsWith("cannot read the members of consumer group queriers from Kafka at 127.0.0.1:"
                    + port), e.getMessage());
        }
        GroupMembership m = new GroupMembership(nowhere, "queriers", TOPIC,
                new MemberAddress("querier", "127.0.0.1:9041", "127.0.0.1:3041"), SESSION);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.start(Duration.ofSeconds(2)));
        assertTrue(e.getMessage().startsWith("did not join consumer group queriers (topic writes) at 127.0.0.1:" + port
                + " within 2000 ms"), e.getMessage());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group, String clientId, String protocol) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (protocol.equals("classic")) p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Set<MemberAddress> addresses(List<Member> members) {
        return Set.copyOf(members.stream().map(Member::address).toList());
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail(message.get());
            Thread.sleep(50);
        }
    }
}
