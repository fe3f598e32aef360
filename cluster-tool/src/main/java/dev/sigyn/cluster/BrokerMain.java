package dev.sigyn.cluster;

import kafka.tools.StorageTool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One Kafka broker process of a local cluster: formats the node's log directory on its first start (as
 * {@code kafka-storage format} does, with the cluster's id), then runs Kafka's own server main, which stops cleanly on
 * SIGTERM. Arguments: the node's server.properties and the cluster id.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain SERVER_PROPERTIES CLUSTER_ID");
            System.exit(2);
        }
        Path properties = Path.of(args[0]);
        String clusterId = args[1];
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(properties)) {
            p.load(r);
        }
        Path logDir = Path.of(p.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) format(properties, clusterId, logDir);
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    private static void format(Path properties, String clusterId, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", properties.toString()}, print);
        }
        System.out.print(out.toString(StandardCharsets.UTF_8));
        if (status != 0) {
            System.err.println("kafka-storage format of " + logDir + " failed (status " + status + ")");
            System.exit(1);
        }
    }
}
