package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code querier:} block, with Loki's defaults.
 *
 * @param maxLookBackPeriod {@code querier.engine.max_look_back_period}: how far before {@code time} an instant log
 *                          query looks for lines
 * @param tailMaxDuration {@code querier.tail_max_duration}: how long a live tail may stay connected
 * @param maxConcurrent {@code querier.max_concurrent}: how many query parts (splits, source reads, evaluations) run
 *                      at once; the rest wait their turn, so queries never take the threads pushes need. Loki's
 *                      default is 10; Sigyn's is the number of cores plus one ({@link #DEFAULT_MAX_CONCURRENT}): query
 *                      parts are CPU work, and more of them than cores only add memory held and collector work
 * @param multiTenantQueriesEnabled {@code querier.multi_tenant_queries_enabled}: whether reads may name several
 *                                  tenants ({@code X-Scope-OrgID: a|b}), as Loki's key of that name; off by default
 */
public record QuerierConfig(Duration maxLookBackPeriod, Duration tailMaxDuration, int maxConcurrent,
                            boolean multiTenantQueriesEnabled) {
    public static final int DEFAULT_MAX_CONCURRENT = Runtime.getRuntime().availableProcessors() + 1;

    public QuerierConfig(Duration maxLookBackPeriod, Duration tailMaxDuration, int maxConcurrent) {
        this(maxLookBackPeriod, tailMaxDuration, maxConcurrent, false);
    }

    public QuerierConfig(Duration maxLookBackPeriod, Duration tailMaxDuration) {
        this(maxLookBackPeriod, tailMaxDuration, DEFAULT_MAX_CONCURRENT);
    }

    public static QuerierConfig defaults() {
        return new QuerierConfig(Duration.ofSeconds(30), Duration.ofHours(1));
    }

    public QuerierConfig withMaxConcurrent(int maxConcurrent) {
        return new QuerierConfig(maxLookBackPeriod, tailMaxDuration, maxConcurrent, multiTenantQueriesEnabled);
    }

    public QuerierConfig withMultiTenantQueriesEnabled(boolean multiTenantQueriesEnabled) {
        return new QuerierConfig(maxLookBackPeriod, tailMaxDuration, maxConcurrent, multiTenantQueriesEnabled);
    }
}
