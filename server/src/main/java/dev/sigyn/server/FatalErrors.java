package dev.sigyn.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VirtualMachineError} anywhere (out of memory, an internal error) leaves the JVM in a state nothing can be
 * trusted in: threads may have died half-way through their work, and the server would limp on, answering some
 * requests and hanging on others. The process exits at once instead (status 3, as {@code -XX:+ExitOnOutOfMemoryError}
 * does); the WAL holds every acknowledged push, and whatever supervises the process starts it again.
 * A {@link StackOverflowError} is not fatal: it unwinds the one call that overflowed (a deeply nested request) and is
 * answered as that request's failure; making it fatal would let one request stop the server.
 */
final class FatalErrors {
    private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);
    static final int EXIT_STATUS = 3;

    private FatalErrors() {}

    /** For threads whose task lets an exception escape. */
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (isFatal(e)) halt(thread.getName(), e);
            else log.atError().addKeyValue("thread", thread.getName()).setCause(e).log("uncaught exception");
        });
    }

    /** For {@code Vertx.exceptionHandler}: what a handler on an event loop or worker let escape. */
    static void unhandled(Throwable e) {
        if (isFatal(e)) halt(Thread.currentThread().getName(), e);
        else log.atError().setCause(e).log("unhandled exception");
    }

    static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) return true;
        }
        return false;
    }

    private static void halt(String thread, Throwable e) {
        try {
            System.err.println("sigyn: fatal error on thread " + thread + ", exiting: " + e);
            e.printStackTrace();
        } finally {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
