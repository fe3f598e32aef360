package dev.sigyn.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** bin/sigyn-cluster's commands: {@code up}, {@code kill}, {@code start}, {@code down} (see {@link #USAGE}). */
public final class Main {
    static final String USAGE = """
            usage: bin/sigyn-cluster up DIR [--config FILE] [--brokers N] [--distributors N] [--ingesters N]
                                            [--queriers N] [--partitions N]
                     starts a local cluster with its data under DIR (FILE: a Loki-style YAML given to every Sigyn
                     process; ports and paths are the script's), returns once every process is ready, and prints,
                     and writes to DIR/cluster.txt, one line per process: NAME PID ADDRESS.
                     Defaults: 3 brokers, 2 distributors, 2 ingesters, 2 queriers, 4 partitions, one query-frontend,
                     one compactor. On a DIR whose cluster is down, starts the same processes again.
                   bin/sigyn-cluster kill DIR NAME    kill -9 of that process
                   bin/sigyn-cluster start DIR NAME   start it again with the same data and address, wait until ready
                   bin/sigyn-cluster down DIR         stop everything cleanly
            """;

    private Main() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (UsageException e) {
            System.err.println("sigyn-cluster: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("sigyn-cluster: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0); // the Kafka admin client's threads must not keep the launcher alive
    }

    private static void run(String[] args) {
        if (args.length == 0 || List.of("-h", "-help", "--help", "help").contains(args[0])) {
            System.out.print(USAGE);
            return;
        }
        if (args.length < 2) throw new UsageException(args[0] + " needs a DIR");
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "up" -> {
                if (java.nio.file.Files.exists(dir.resolve(LocalCluster.CLUSTER_FILE))) {
                    System.err.println("sigyn-cluster: " + dir + " holds a cluster already: starting its processes "
                            + "again as they were (the options are ignored; a new cluster needs a new DIR)");
                }
                LocalCluster cluster = LocalCluster.up(dir, parseUp(List.of(args).subList(2, args.length)));
                cluster.members().forEach(m -> System.out.println(m.line()));
            }
            case "kill" -> {
                LocalCluster.kill(dir, name(args));
                System.err.println("sigyn-cluster: killed " + args[2] + " (kill -9)");
            }
            case "start" -> {
                LocalCluster cluster = LocalCluster.open(dir);
                cluster.start(name(args));
                System.out.println(cluster.member(args[2]).line());
            }
            case "down" -> {
                LocalCluster.down(dir);
                System.err.println("sigyn-cluster: stopped the cluster in " + dir);
            }
            default -> throw new UsageException("unknown command " + args[0]);
        }
    }

    private static String name(String[] args) {
        if (args.length != 3) throw new UsageException(args[0] + " needs DIR and NAME (a name from DIR/cluster.txt)");
        return args[2];
    }

    /** The options of {@code up}; --query-frontends, --compactors and --sigyn-flag are for tests and not in the usage. */
    static Options parseUp(List<String> args) {
        Options o = Options.defaults();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(option + " needs a value");
            }
            o = switch (option) {
                case "--config" -> o.withConfigFile(Path.of(value));
                case "--brokers" -> o.withBrokers(count(option, value));
                case "--distributors" -> o.withDistributors(count(option, value));
                case "--ingesters" -> o.withIngesters(count(option, value));
                case "--queriers" -> o.withQueriers(count(option, value));
                case "--partitions" -> o.withPartitions(count(option, value));
                case "--query-frontends" -> o.withQueryFrontends(count(option, value));
                case "--compactors" -> o.withCompactors(count(option, value));
                case "--sigyn-flag" -> {
                    extra.add(value);
                    yield o;
                }
                default -> throw new UsageException("unknown option " + option);
            };
        }
        return o.withExtraFlags(extra);
    }

    private static int count(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, not " + value);
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
