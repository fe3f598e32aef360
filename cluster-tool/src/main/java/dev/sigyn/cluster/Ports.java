package dev.sigyn.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the cluster's processes, chosen before they start and kept in the cluster's directory: a process started
 * again must come back at the address the others know.
 *
 * <p>They come from below Linux's ephemeral range (32768-60999): a port there could be handed to some outgoing
 * connection while its process is down, and then it could not come back on it.
 */
final class Ports {
    private static final int LOW = 20000;
    private static final int HIGH = 32000;

    private final Set<Integer> handedOut = new HashSet<>();

    /** A port on 127.0.0.1 that was free a moment ago and that this picker has not handed out before. */
    int pick() {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!handedOut.contains(port) && isFree(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOW + " and " + HIGH);
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the servers bind: a port whose old connections linger in TIME_WAIT is free
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
