package dev.sigyn.distributor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The distributor's counters, tagged by tenant (Prometheus names: {@code sigyn_distributor_pushes_total},
 * {@code sigyn_distributor_bytes_received_total}, {@code sigyn_distributor_lines_received_total},
 * {@code sigyn_distributor_discarded_lines_total}, {@code sigyn_distributor_discarded_bytes_total}).
 * Bytes are line plus structured metadata bytes, as Loki counts them.
 */
final class DistributorMetrics {
    private final MeterRegistry registry;

    DistributorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void push(String tenant, int status) {
        Counter.builder("sigyn.distributor.pushes").description("Push requests answered, by HTTP status")
                .tag("tenant", tenant).tag("status", Integer.toString(status)).register(registry).increment();
    }

    void received(String tenant, long lines, long bytes) {
        if (lines == 0) return;
        Counter.builder("sigyn.distributor.lines.received").description("Log lines received (before validation)")
                .tag("tenant", tenant).register(registry).increment(lines);
        Counter.builder("sigyn.distributor.bytes.received").baseUnit("bytes")
                .description("Uncompressed line and structured metadata bytes received (before validation)")
                .tag("tenant", tenant).register(registry).increment(bytes);
    }

    void discarded(String tenant, DiscardReason reason, long lines, long bytes) {
        if (lines == 0) return;
        Counter.builder("sigyn.distributor.discarded.lines").description("Log lines refused by the distributor")
                .tag("tenant", tenant).tag("reason", reason.tag).register(registry).increment(lines);
        Counter.builder("sigyn.distributor.discarded.bytes").baseUnit("bytes")
                .description("Line and structured metadata bytes refused by the distributor")
                .tag("tenant", tenant).tag("reason", reason.tag).register(registry).increment(bytes);
    }
}
