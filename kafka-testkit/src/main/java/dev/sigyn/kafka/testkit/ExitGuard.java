package dev.sigyn.kafka.testkit;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's servers end the JVM on fatal faults (Exit.halt, Exit.exit). In a test JVM that would kill the test run
 * with no word of why, so the test kit makes those calls throw instead, and logs them.
 */
final class ExitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ExitGuard.class);
    private static boolean installed;

    private ExitGuard() {}

    static synchronized void install() {
        if (installed) return;
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        installed = true;
    }

    private static void refuse(String what, int status, String message) {
        String text = "Kafka asked to " + what + " the JVM (status " + status + "): " + message;
        LOG.error(text);
        throw new IllegalStateException(text);
    }
}
