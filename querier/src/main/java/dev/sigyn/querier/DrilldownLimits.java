package dev.sigyn.querier;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RetentionStream;
import dev.sigyn.format.Durations;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * {@code drilldown-limits}: the tenant limits Logs Drilldown adapts to, with whether log patterns are served and the
 * server's version: {@code {"limits":{…},"pattern_ingester_enabled":…,"version":"…"}}. The limits are the keys of
 * Loki's default {@code tenant_limits_allow_publish} list that Sigyn knows, written as Loki writes them (durations
 * in Prometheus form, keys sorted).
 */
final class DrilldownLimits {
    /** Loki's default {@code log_level_fields}: where it looks for a line's level. */
    private static final List<String> LOG_LEVEL_FIELDS = List.of("level", "LEVEL", "Level", "log.level", "severity",
            "SEVERITY", "Severity", "SeverityText", "lvl", "LVL", "Lvl", "severity_text", "Severity_Text",
            "SEVERITY_TEXT");
    private static final String PATTERNS_PATH = "/loki/api/v1/patterns";

    private final Router router;
    private final String version;

    DrilldownLimits(Router router) {
        this.router = router;
        this.version = version();
    }

    /** The answer for a tenant with these limits. */
    Buffer answer(LimitsConfig limits) {
        return LokiJson.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("limits");
            g.writeBooleanField("discover_log_levels", limits.discoverLogLevels());
            writeStrings(g, "discover_service_name", limits.discoverServiceName());
            writeStrings(g, "log_level_fields", LOG_LEVEL_FIELDS);
            g.writeNumberField("max_entries_limit_per_query", limits.maxEntriesLimitPerQuery());
            g.writeBooleanField("max_line_size_truncate", false);
            g.writeStringField("max_query_bytes_read", "0B");
            g.writeStringField("max_query_length", duration(limits.maxQueryLength()));
            g.writeStringField("max_query_lookback", "0s");
            g.writeStringField("max_query_range", "0s");
            g.writeNumberField("max_query_series", limits.maxQuerySeries());
            g.writeBooleanField("metric_aggregation_enabled", false);
            g.writeBooleanField("pattern_persistence_enabled", false);
            g.writeStringField("query_timeout", duration(limits.queryTimeout()));
            g.writeStringField("retention_period", duration(limits.retentionPeriod()));
            writeRetentionStreams(g, limits.retentionStream());
            g.writeBooleanField("volume_enabled", true);
            g.writeNumberField("volume_max_series", limits.volumeMaxSeries());
            g.writeEndObject();
            g.writeBooleanField("pattern_ingester_enabled", servesPatterns());
            g.writeStringField("version", version);
            g.writeEndObject();
        }).appendString("\n");
    }

    /** Whether a patterns route is mounted (by whichever component serves it) on this server's router. */
    private boolean servesPatterns() {
        for (Route r : router.getRoutes()) {
            if (PATTERNS_PATH.equals(r.getPath())) return true;
        }
        return false;
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    /** Loki writes no rules as null; each rule's keys sorted as its map encoding does. */
    private static void writeRetentionStreams(JsonGenerator g, List<RetentionStream> streams) throws IOException {
        g.writeFieldName("retention_stream");
        if (streams.isEmpty()) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (RetentionStream s : streams) {
            g.writeStartObject();
            g.writeStringField("period", duration(s.period()));
            g.writeNumberField("priority", s.priority());
            g.writeStringField("selector", s.selector());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String duration(Duration d) {
        return Durations.formatPrometheus(d == null ? 0 : d.toNanos());
    }

    /** The version baked into the server's jar (see the server module's sigyn-build.properties), else "unknown". */
    private static String version() {
        Properties p = new Properties();
        try (InputStream in = DrilldownLimits.class.getResourceAsStream("/sigyn-build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // "unknown" below, as Loki answers without build information
        }
        return p.getProperty("version", "unknown");
    }
}
