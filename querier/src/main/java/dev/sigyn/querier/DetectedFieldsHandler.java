package dev.sigyn.querier;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.pipeline.LabelCategory;
import dev.sigyn.logql.pipeline.LabelsBuilder;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code detected_fields} and {@code detected_field/{name}/values} (Grafana's field list and Logs Drilldown): the
 * fields found in the most recent {@code line_limit} (100) lines of a log query, as Loki 3 finds them. A line's
 * structured metadata are fields without a parser; its labels from the query's own parsers, and what {@code | json}
 * (or, when the line is not JSON, {@code | logfmt}) extracts from it, are fields with that parser. Each field has a
 * type (int, float, boolean, duration, bytes or string, from its values) and its number of distinct values.
 * Answers {@code {"fields":[…],"limit":…}} or {@code {"values":[…],"limit":…}}, {@code {}} when nothing was found.
 */
final class DetectedFieldsHandler {
    private static final int DEFAULT_LINE_LIMIT = 100;
    private static final int DEFAULT_FIELD_LIMIT = 1000;
    private static final Set<String> ERROR_LABELS = Set.of(LabelsBuilder.ERROR_LABEL,
            LabelsBuilder.ERROR_DETAILS_LABEL, "__preserve_error__");

    private final QueryPool pool;
    private final LogQueryHandler logs;
    private final QueryLimits limits;

    DetectedFieldsHandler(QueryPool pool, LogQueryHandler logs, QueryLimits limits) {
        this.pool = pool;
        this.logs = logs;
        this.limits = limits;
    }

    private record Request(LogQuery query, StreamQuery read, int fieldLimit) {}

    Future<Buffer> fields(Call call) {
        return lines(call).compose(r -> pool.run(call, () -> fieldsAnswer(r.lines, r.fieldLimit)));
    }

    Future<Buffer> values(Call call, String name) {
        return lines(call).compose(r -> pool.run(call, () -> valuesAnswer(r.lines, name, r.fieldLimit)));
    }

    private record Lines(List<CategorizedStream> lines, int fieldLimit) {}

    /** Parses the call like Loki's {@code ParseDetectedFieldsQuery} and reads the lines, newest first. */
    private Future<Lines> lines(Call call) {
        return pool.run(call, () -> request(call))
                .compose(r -> logs.categorized(call, r.query(), r.read()).map(l -> new Lines(l, r.fieldLimit())));
    }

    private Request request(Call call) {
        call.query = call.form.get("query");
        LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
        long start = b.startNanos(), end = b.endNanos();
        if (end < start) throw QueryError.badRequest("end timestamp must not be before or equal to start time");
        call.startNanos = start;
        call.endNanos = end;
        int lineLimit = positive(call.form.get("line_limit"), DEFAULT_LINE_LIMIT);
        String fieldLimitText = call.form.get("limit");
        if (fieldLimitText.isEmpty()) fieldLimitText = call.form.get("field_limit"); // its older name
        int fieldLimit = positive(fieldLimitText, DEFAULT_FIELD_LIMIT);
        long step = LokiParams.step(call.form.get("step"), start, end);
        if (step <= 0) {
            throw QueryError.badRequest(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > LokiParams.MAX_POINTS_PER_SERIES) {
            throw QueryError.badRequest("exceeded maximum resolution of 11,000 points per time series. "
                    + "Try increasing the value of the step parameter");
        }
        Expr expr = LogQueries.parse(call.query);
        if (!(expr instanceof LogSelectorExpr selector)) throw QueryError.badRequest("only log selector is supported");
        LogQuery query = LogQueries.compile(selector);
        limits.checkEntriesLimit(call.tenant, lineLimit);
        limits.checkQueryLength(call.tenant, start, end);
        call.limit = lineLimit;
        return new Request(query, new StreamQuery(query.matchers(), query.filter(), start, end, Direction.BACKWARD,
                lineLimit, call.context, selector), fieldLimit);
    }

    /** One field as it is being detected. */
    private static final class Field {
        final Set<String> values = new HashSet<>();
        /** Empty for structured metadata (Loki then answers {@code "parsers":null}). */
        final Set<String> parsers = new LinkedHashSet<>();
        String type = "string";
        List<String> jsonPath;
    }

    private static Buffer fieldsAnswer(List<CategorizedStream> streams, int limit) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Reparser reparser = new Reparser();
        for (CategorizedStream stream : streams) {
            reparser.startStream(stream.labels());
            for (LogLine line : stream.lines()) {
                Map<String, Set<String>> metadata = grouped(line.structuredMetadata());
                for (Map.Entry<String, Set<String>> e : metadata.entrySet()) {
                    Field f = fields.get(e.getKey());
                    if (f == null && fields.size() < limit) fields.put(e.getKey(), f = new Field());
                    if (f != null) record(f, e.getValue());
                }
                Parsed parsed = reparser.parse(line, true);
                for (Map.Entry<String, Set<String>> e : parsed.labels().entrySet()) {
                    Field f = fields.get(e.getKey());
                    if (f == null && fields.size() < limit) {
                        fields.put(e.getKey(), f = new Field());
                    }
                    if (f == null) continue;
                    if (parsed.parser() != null) {
                        f.parsers.add(parsed.parser());
                        if (parsed.parser().equals("json")) f.jsonPath = parsed.jsonPaths().get(e.getKey());
                    }
                    record(f, e.getValue());
                }
            }
        }
        Map<String, Field> sorted = new TreeMap<>(fields);
        return LokiJson.write(g -> {
            g.writeStartObject();
            if (!sorted.isEmpty()) {
                g.writeArrayFieldStart("fields");
                for (Map.Entry<String, Field> e : sorted.entrySet()) {
                    Field f = e.getValue();
                    g.writeStartObject();
                    g.writeStringField("label", LokiJson.safe(e.getKey()));
                    g.writeStringField("type", f.type);
                    g.writeNumberField("cardinality", f.values.size());
                    g.writeFieldName("parsers");
                    if (f.parsers.isEmpty()) {
                        g.writeNull();
                    } else {
                        g.writeStartArray();
                        for (String p : f.parsers) g.writeString(p);
                        g.writeEndArray();
                    }
                    if (f.jsonPath != null && !f.jsonPath.isEmpty()) {
                        g.writeArrayFieldStart("jsonPath");
                        for (String part : f.jsonPath) g.writeString(LokiJson.safe(part));
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("limit", limit);
            }
            g.writeEndObject();
        }).appendString("\n");
    }

    /** Adds a line's values of a field; like Loki, the type follows the first value of the latest line read. */
    private static void record(Field f, Set<String> values) {
        boolean first = true;
        for (String v : values) {
            if (first) f.type = FieldTypes.typeOf(v);
            first = false;
            f.values.add(v);
        }
    }

    private static Buffer valuesAnswer(List<CategorizedStream> streams, String name, int limit) {
        Set<String> values = new TreeSet<>();
        Reparser reparser = new Reparser();
        for (CategorizedStream stream : streams) {
            reparser.startStream(stream.labels());
            for (LogLine line : stream.lines()) {
                if (values.size() >= limit) break;
                for (Label l : line.structuredMetadata().asList()) if (l.name().equals(name)) values.add(l.value());
                Set<String> parsed = reparser.parse(line, false).labels().get(name);
                if (parsed != null) for (String v : parsed) values.add(FieldTypes.displayValue(v));
            }
        }
        return LokiJson.write(g -> {
            g.writeStartObject();
            if (!values.isEmpty()) {
                g.writeArrayFieldStart("values");
                for (String v : values) g.writeString(LokiJson.safe(v));
                g.writeEndArray();
                g.writeNumberField("limit", limit);
            }
            g.writeEndObject();
        }).appendString("\n");
    }

    /**
     * A line's parsed fields: the labels the query's own parsers gave it, plus what {@code | json} extracts from the
     * line, or {@code | logfmt} when it is not JSON. {@code parser} is null when both fail.
     */
    private record Parsed(Map<String, Set<String>> labels, String parser, Map<String, List<String>> jsonPaths) {}

    /** Runs {@code | json}, else {@code | logfmt}, over the lines of one stream after another (one thread). */
    private static final class Reparser {
        private final Pipeline json = parserPipeline("json");
        private final Pipeline logfmt = parserPipeline("logfmt");
        private Labels stream = Labels.EMPTY;
        private StreamPipeline jsonForStream;
        private StreamPipeline logfmtForStream;

        void startStream(Labels labels) {
            stream = labels;
            jsonForStream = json.forStream(labels);
            logfmtForStream = logfmt.forStream(labels);
        }

        Parsed parse(LogLine line, boolean withPaths) {
            Map<String, Set<String>> labels = grouped(line.parsed());
            String parser = null;
            Labels extracted = Labels.EMPTY;
            if (jsonForStream.process(line.timestampNanos(), line.line(), null) && !jsonForStream.labels().hasError()) {
                parser = "json";
                extracted = jsonForStream.labels().labels(LabelCategory.PARSED);
            } else if (logfmtForStream.process(line.timestampNanos(), line.line(), null)
                    && !logfmtForStream.labels().hasError()) {
                parser = "logfmt";
                extracted = logfmtForStream.labels().labels(LabelCategory.PARSED);
            }
            for (Label l : extracted.asList()) {
                if (!ERROR_LABELS.contains(l.name())) {
                    labels.computeIfAbsent(l.name(), n -> new LinkedHashSet<>()).add(l.value());
                }
            }
            Map<String, List<String>> paths = withPaths && "json".equals(parser)
                    ? JsonPaths.of(line.line(), stream) : Map.of();
            return new Parsed(labels, parser, paths);
        }
    }

    /** Labels as name → values, error labels left out. */
    private static Map<String, Set<String>> grouped(Labels labels) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Label l : labels.asList()) {
            if (!ERROR_LABELS.contains(l.name())) out.computeIfAbsent(l.name(), n -> new LinkedHashSet<>()).add(l.value());
        }
        return out;
    }

    /** A positive integer parameter (Go's Atoi), or the default when absent. */
    private static int positive(String text, int defaultValue) {
        if (text.isEmpty()) return defaultValue;
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw QueryError.badRequest("strconv.Atoi: parsing " + Quoting.quote(text) + ": invalid syntax");
        }
        if (n <= 0) throw QueryError.badRequest("limit must be a positive value");
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    private static Pipeline parserPipeline(String parser) {
        try {
            return PipelineCompiler.compile((LogSelectorExpr) Parser.parseExpr("{__name__=\"x\"} | " + parser));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
