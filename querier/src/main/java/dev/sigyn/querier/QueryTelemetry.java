package dev.sigyn.querier;

import dev.sigyn.format.Durations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.concurrent.TimeUnit;

/**
 * What every query call leaves behind: a duration histogram by endpoint and status, a count of returned log
 * entries, and one info log line with the figures of Loki's {@code metrics.go} query line.
 */
final class QueryTelemetry {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final double SLOW_QUERY_SECONDS = 10;

    private final MeterRegistry registry;

    QueryTelemetry(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Call call, int status) {
        long nanos = System.nanoTime() - call.startedAtNanos;
        Timer.builder("sigyn.query.duration")
                .description("Time to answer query API calls")
                .tag("endpoint", call.endpoint.tag)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        QueryStats stats = call.stats;
        if (stats != null && stats.entriesReturned() > 0) {
            Counter.builder("sigyn.query.entries.returned")
                    .description("Log entries returned by log queries")
                    .tag("endpoint", call.endpoint.tag)
                    .register(registry)
                    .increment(stats.entriesReturned());
        }
        logLine(call, status, nanos);
    }

    private static void logLine(Call call, int status, long nanos) {
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("latency", nanos / 1e9 > SLOW_QUERY_SECONDS ? "slow" : "fast")
                .addKeyValue("tenant", call.tenant)
                .addKeyValue("endpoint", call.endpoint.tag)
                .addKeyValue("query", call.query);
        if (call.endNanos != 0 || call.startNanos != 0) {
            line = line.addKeyValue("start", call.startNanos)
                    .addKeyValue("end", call.endNanos)
                    .addKeyValue("length", Durations.formatGo(call.endNanos - call.startNanos));
        }
        if (call.stepNanos > 0) line = line.addKeyValue("step", Durations.formatGo(call.stepNanos));
        if (call.limit > 0) line = line.addKeyValue("limit", call.limit);
        line = line.addKeyValue("duration", Durations.formatGo(nanos)).addKeyValue("status", status);
        QueryStats stats = call.stats;
        if (stats != null) {
            line = line.addKeyValue("returned_lines", stats.entriesReturned())
                    .addKeyValue("total_lines", stats.linesProcessed())
                    .addKeyValue("total_bytes", stats.bytesProcessed())
                    .addKeyValue("throughput_bytes_per_second", stats.bytesPerSecond());
        }
        if (call.error != null) line = line.addKeyValue("err", call.error);
        line.log("executing query");
    }
}
