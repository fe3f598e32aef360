package dev.sigyn.auth.audit;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TriggeringPolicyBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's file: one line per record, rotated at a size ({@code audit.log.1} ... {@code audit.log.N}), written
 * by an appender of its own so that it never mixes with the operational log (which keeps its level and appenders).
 * Lines are queued and written off the calling thread; a full queue makes callers wait rather than lose a line.
 */
public final class AuditLog implements AutoCloseable {
    private static final String LOGGER = "sigyn.audit";
    /** Each audit log its own logger, so that servers sharing a JVM (tests) never write into each other's file. */
    private static final java.util.concurrent.atomic.AtomicInteger OPENED = new java.util.concurrent.atomic.AtomicInteger();

    private final Logger logger;
    private final AsyncAppender async;
    private final RollingFileAppender<ILoggingEvent> file;

    private AuditLog(Logger logger, AsyncAppender async, RollingFileAppender<ILoggingEvent> file) {
        this.logger = logger;
        this.async = async;
        this.file = file;
    }

    public static AuditLog open(String path, long maxBytes, int maxFiles) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("sigyn-audit-file");
        file.setFile(path);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setFileNamePattern(path + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(maxFiles);
        rolling.setParent(file);
        rolling.start();
        AtSize trigger = new AtSize(maxBytes);
        trigger.setContext(context);
        trigger.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder);
        file.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("sigyn-audit");
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(false);
        async.addAppender(file);
        async.start();
        ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER + "." + OPENED.incrementAndGet());
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(async);
        return new AuditLog(logger, async, file);
    }

    /**
     * Rotates once the file reaches its size, checked at every line (logback's own policy checks at most once a
     * minute, which would let a busy file grow far past its bound). Runs on the appender's thread.
     */
    private static final class AtSize extends TriggeringPolicyBase<ILoggingEvent> {
        private final long maxBytes;

        AtSize(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean isTriggeringEvent(java.io.File file, ILoggingEvent event) {
            return file.length() >= maxBytes;
        }
    }

    public void write(String line) {
        logger.info(line);
    }

    /** Writes what is queued and closes the file. */
    @Override
    public void close() {
        async.stop();
        file.stop();
        ((ch.qos.logback.classic.Logger) logger).detachAppender(async);
    }
}
