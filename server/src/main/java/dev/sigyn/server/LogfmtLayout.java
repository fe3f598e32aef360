package dev.sigyn.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import dev.sigyn.format.LogfmtValues;

import java.util.Locale;

/**
 * Sigyn's own log lines in logfmt, as Loki writes its own ({@code level=info ts=... caller=... msg=...} then the
 * event's key-value pairs), so that a Sigyn log shipped to Sigyn or Loki gives its fields back with {@code | logfmt}.
 * Values are quoted only when they must be, by go-logfmt's rules (Loki's encoder): when empty or holding a space, a
 * {@code =}, a {@code "} or a control character. An exception is one more pair, {@code err}, and its stack trace
 * (when it has one) another, {@code stacktrace}, escaped onto the same line: one event stays one line for every log
 * shipper.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256);
        pair(out, "level", event.getLevel().toString().toLowerCase(Locale.ROOT));
        pair(out, "ts", TS.format(Instant.ofEpochMilli(event.getTimeStamp())));
        pair(out, "caller", simpleName(event.getLoggerName()));
        pair(out, "msg", event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) pair(out, kv.key, String.valueOf(kv.value));
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            pair(out, "err", error.getClassName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
            // Errors made to be answered (a query's time-out) carry no frames: their stack trace would repeat err.
            if (error.getStackTraceElementProxyArray().length > 0 || error.getCause() != null) {
                pair(out, "stacktrace", ThrowableProxyUtil.asString(error).stripTrailing());
            }
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static void pair(StringBuilder out, String key, String value) {
        if (!out.isEmpty()) out.append(' ');
        out.append(key).append('=');
        LogfmtValues.append(out, value == null ? "null" : value);
    }

    private static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
