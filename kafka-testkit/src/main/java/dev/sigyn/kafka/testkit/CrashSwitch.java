package dev.sigyn.kafka.testkit;

import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What makes an in-process broker's stop look like a crash. Kafka reads controlled.shutdown.enable once, when the
 * broker is built, and offers no way to change it later, so this flips that field of the running broker's
 * configuration by reflection: the one place where the test kit depends on Kafka's private fields (checked against
 * Kafka 4.1; a Kafka upgrade that renames them fails here with a message saying so).
 */
final class CrashSwitch {
    /** The file a clean log manager shutdown leaves in each log directory. */
    private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";

    private CrashSwitch() {}

    static void disableControlledShutdown(KafkaRaftServer server) {
        try {
            scala.Option<?> broker = (scala.Option<?>) field(KafkaRaftServer.class, "broker").get(server);
            if (broker.isEmpty()) throw new IllegalArgumentException("not a broker");
            KafkaConfig config = ((BrokerServer) broker.get()).config();
            field(KafkaConfig.class, "controlledShutdownEnable").set(config, Boolean.FALSE);
            if (config.controlledShutdownEnable()) throw new IllegalStateException("the field did not change");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("killBroker cannot switch off Kafka's controlled shutdown (Kafka's "
                    + "KafkaRaftServer.broker or KafkaConfig.controlledShutdownEnable changed?): " + e, e);
        }
    }

    /** Removes the clean-shutdown markers so that the next start recovers the logs as after a crash. */
    static void forgetCleanShutdown(Path logDir) {
        try (Stream<Path> files = Files.walk(logDir, 1)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals(CLEAN_SHUTDOWN_MARKER)).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the clean-shutdown marker in " + logDir + ": " + e, e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
