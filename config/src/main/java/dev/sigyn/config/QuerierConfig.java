package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code querier:} block, with Loki's defaults.
 *
 * @param maxLookBackPeriod {@code querier.engine.max_look_back_period}: how far before {@code time} an instant log
 *                          query looks for lines
 * @param tailMaxDuration {@code querier.tail_max_duration}: how long a live tail may stay connected
 */
public record QuerierConfig(Duration maxLookBackPeriod, Duration tailMaxDuration) {
    public static QuerierConfig defaults() {
        return new QuerierConfig(Duration.ofSeconds(30), Duration.ofHours(1));
    }
}
