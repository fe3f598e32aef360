package dev.sigyn.kafka.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the nodes, chosen before they start: the controller's goes into every node's configuration, and a
 * restarted broker must come back at the address its clients know, so Kafka cannot simply bind port 0.
 *
 * <p>They come from below Linux's ephemeral range (32768-60999): a port there could be handed to some outgoing
 * connection while its broker is down, and then the broker could not come back on it.
 */
final class FreePort {
    private static final int LOW = 20000;
    private static final int HIGH = 32000;

    private FreePort() {}

    /** A port on 127.0.0.1 that was free a moment ago. */
    static int pick() {
        for (int i = 0; i < 100; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (isFree(port)) return port;
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOW + " and " + HIGH);
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as Kafka binds: a port whose old connections linger in TIME_WAIT is free
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
