package dev.sigyn.writelog;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a topic from its start up to the offsets Kafka exposes to consumers (the high watermarks), as ingesters would. */
final class TopicReader {
    /** A decoded record and the partition it was on. */
    record Read(int partition, long offset, int sizeBytes, StreamRecord record) {}

    private TopicReader() {}

    static List<Read> readAll(String bootstrap, String topic) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return readAll(settings, topic);
    }

    /** With a consumer of these settings (Sigyn's own, {@link KafkaClients#consumer}, for one). */
    static List<Read> readAll(Properties consumerSettings, String topic) {
        Properties settings = new Properties();
        settings.putAll(consumerSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(20))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(20));
            List<Read> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!partitions.stream().allMatch(tp -> consumer.position(tp, Duration.ofSeconds(20)) >= end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " up to " + end);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new Read(r.partition(), r.offset(), r.value().length, decode(r.value())));
                }
            }
            return out;
        }
    }

    private static StreamRecord decode(byte[] value) {
        try {
            return StreamRecordCodec.decode(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
