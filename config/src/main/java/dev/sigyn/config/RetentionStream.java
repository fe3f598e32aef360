package dev.sigyn.config;

import java.time.Duration;

/**
 * One {@code limits_config.retention_stream} rule: streams matching {@code selector} keep their lines for
 * {@code period}. When several rules match a stream, the highest {@code priority} wins (then the shortest period,
 * as in Loki); streams matching none use {@code retention_period}.
 *
 * @param selector a LogQL stream selector such as {@code {namespace="dev"}}; checked when the compactor starts
 */
public record RetentionStream(String selector, int priority, Duration period) {}
