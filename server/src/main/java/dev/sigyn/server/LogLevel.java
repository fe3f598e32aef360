package dev.sigyn.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies {@code server.log_level} (Loki's names: debug, info, warn, error) to Sigyn's own logs. */
final class LogLevel {
    private LogLevel() {}

    static void set(String name) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(name, Level.INFO));
    }
}
