package dev.sigyn.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link LocalCluster#up} starts: how many processes of each kind, the write log's partitions, and the Sigyn
 * configuration file every Sigyn process reads (ports, paths and Kafka's address are the launcher's, given as flags,
 * which win over the file).
 *
 * @param queryFrontends 0 or 1 (bin/sigyn-cluster's hidden --query-frontends, to start brokers alone)
 * @param compactors     0 or 1 (hidden --compactors)
 * @param extraFlags     more flags for every Sigyn process, after the launcher's (tests use them to shorten intervals)
 * @param sigynJar       the server's jar, server/target/sigyn.jar
 * @param readyTimeout   how long each wave of starts (brokers, then Sigyn processes) may take to become ready
 * @param stopWithJvm    stop the cluster when the JVM that started it exits (tests); bin/sigyn-cluster leaves it running
 */
public record Options(int brokers, int distributors, int ingesters, int queriers, int queryFrontends, int compactors,
                      int partitions, Optional<Path> configFile, List<String> extraFlags, Path sigynJar,
                      Duration readyTimeout, boolean stopWithJvm) {
    public Options {
        if (brokers < 1) throw new IllegalArgumentException("--brokers must be at least 1, not " + brokers);
        if (partitions < 1) throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        for (int n : new int[] {distributors, ingesters, queriers}) {
            if (n < 0) throw new IllegalArgumentException("a process count cannot be negative: " + n);
        }
        if (queryFrontends < 0 || queryFrontends > 1 || compactors < 0 || compactors > 1) {
            throw new IllegalArgumentException("a local cluster has 0 or 1 query-frontend and 0 or 1 compactor");
        }
        extraFlags = List.copyOf(extraFlags);
    }

    /**
     * 3 brokers, 2 distributors, 2 ingesters, 2 queriers, one query-frontend and one compactor, 4 partitions; the
     * server's jar named by the system property {@code sigyn.jar} (bin/sigyn-cluster and the tests set it).
     */
    public static Options defaults() {
        String jar = System.getProperty("sigyn.jar", "server/target/sigyn.jar");
        return new Options(3, 2, 2, 2, 1, 1, 4, Optional.empty(), List.of(), Path.of(jar), Duration.ofSeconds(180),
                false);
    }

    /** Brokers only: no Sigyn process. */
    public static Options brokersOnly(int brokers) {
        return defaults().withBrokers(brokers).withDistributors(0).withIngesters(0).withQueriers(0)
                .withQueryFrontends(0).withCompactors(0);
    }

    public Options withBrokers(int n) {
        return new Options(n, distributors, ingesters, queriers, queryFrontends, compactors, partitions, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withDistributors(int n) {
        return new Options(brokers, n, ingesters, queriers, queryFrontends, compactors, partitions, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withIngesters(int n) {
        return new Options(brokers, distributors, n, queriers, queryFrontends, compactors, partitions, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withQueriers(int n) {
        return new Options(brokers, distributors, ingesters, n, queryFrontends, compactors, partitions, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withQueryFrontends(int n) {
        return new Options(brokers, distributors, ingesters, queriers, n, compactors, partitions, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withCompactors(int n) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, n, partitions, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withPartitions(int n) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, compactors, n, configFile,
                extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withConfigFile(Path file) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, compactors, partitions,
                Optional.of(file), extraFlags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withExtraFlags(List<String> flags) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, compactors, partitions,
                configFile, flags, sigynJar, readyTimeout, stopWithJvm);
    }

    public Options withSigynJar(Path jar) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, compactors, partitions,
                configFile, extraFlags, jar, readyTimeout, stopWithJvm);
    }

    public Options withReadyTimeout(Duration timeout) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, compactors, partitions,
                configFile, extraFlags, sigynJar, timeout, stopWithJvm);
    }

    public Options withStopWithJvm(boolean stop) {
        return new Options(brokers, distributors, ingesters, queriers, queryFrontends, compactors, partitions,
                configFile, extraFlags, sigynJar, readyTimeout, stop);
    }
}
