package dev.sigyn.logql.syntax;

import dev.sigyn.format.Durations;
import dev.sigyn.format.Quoting;
import dev.sigyn.logql.LabelMatcher;

import java.util.List;

/**
 * Prints an {@link Expr} as canonical LogQL, close to Loki's {@code String()} forms: {@code {app="web"} |= "x"
 * | json | level="error"}, {@code sum by (app) (rate({app="web"}[5m]))}, {@code (a + b)} (binary operations
 * are always parenthesised). Strings are quoted like Go's {@code strconv.Quote}, so
 * {@code Parser.parseExpr(Printer.print(e))} equals {@code e}.
 */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr expr) {
        StringBuilder sb = new StringBuilder();
        expr(sb, expr);
        return sb.toString();
    }

    /** One pipeline stage as written after the selector, such as {@code | json} or {@code |= "x"}. */
    public static String print(StageExpr stage) {
        StringBuilder sb = new StringBuilder();
        stage(sb, stage);
        return sb.toString();
    }

    private static void expr(StringBuilder sb, Expr expr) {
        switch (expr) {
            case LogSelectorExpr log -> logSelector(sb, log);
            case RangeAggregationExpr r -> {
                sb.append(r.op().function()).append('(');
                if (r.param() != null) sb.append(number(r.param())).append(", ");
                logRange(sb, r.range());
                sb.append(')');
                if (r.grouping() != null) grouping(sb.append(' '), r.grouping());
            }
            case VectorAggregationExpr v -> {
                sb.append(v.op().function());
                if (!v.grouping().equals(Grouping.NONE)) grouping(sb.append(' '), v.grouping()).append(' ');
                sb.append('(');
                if (v.param() != null) sb.append(v.param()).append(", ");
                expr(sb, v.inner());
                sb.append(')');
            }
            case BinaryOpExpr b -> {
                sb.append('(');
                expr(sb, b.lhs());
                sb.append(' ').append(b.op().symbol());
                modifier(sb, b.modifier());
                sb.append(' ');
                expr(sb, b.rhs());
                sb.append(')');
            }
            case LiteralExpr l -> sb.append(number(l.value()));
            case VectorExpr v -> sb.append("vector(").append(number(v.value())).append(')');
            case LabelReplaceExpr l -> {
                sb.append("label_replace(");
                expr(sb, l.inner());
                for (String arg : new String[]{l.destination(), l.replacement(), l.source(), l.regex()}) {
                    Quoting.quote(sb.append(", "), arg);
                }
                sb.append(')');
            }
        }
    }

    private static void logSelector(StringBuilder sb, LogSelectorExpr log) {
        selector(sb, log.matchers());
        for (StageExpr stage : log.stages()) {
            sb.append(' ');
            stage(sb, stage);
        }
    }

    private static void logRange(StringBuilder sb, LogRange range) {
        logSelector(sb, range.selector());
        UnwrapExpr unwrap = range.unwrap();
        if (unwrap != null) {
            sb.append(" | unwrap ");
            if (unwrap.conversion() == UnwrapExpr.Conversion.NONE) sb.append(unwrap.label());
            else sb.append(unwrap.conversion().function()).append('(').append(unwrap.label()).append(')');
            for (LabelFilterExpr f : unwrap.postFilters()) labelFilter(sb.append(" | "), f);
        }
        boolean bare = range.selector().stages().isEmpty() && unwrap == null;
        sb.append(bare ? "[" : " [").append(Durations.formatPrometheus(range.rangeNanos())).append(']');
        // Loki's String() prints an offset with Go's time.Duration ("5m0s"), its range with model.Duration ("5m").
        if (range.offsetNanos() != 0) sb.append(" offset ").append(Durations.formatGo(range.offsetNanos()));
    }

    /** {@code {a="b", c=~"d"}}. */
    static String selector(List<LabelMatcher> matchers) {
        StringBuilder sb = new StringBuilder();
        selector(sb, matchers);
        return sb.toString();
    }

    /** {@code by (a, b)} or {@code without (a)}. */
    static String grouping(Grouping g) {
        return grouping(new StringBuilder(), g).toString();
    }

    /** A binary operator with its modifiers: {@code > bool}, {@code / on (a) group_left (b)}. */
    static String operator(BinaryOpExpr b) {
        StringBuilder sb = new StringBuilder(b.op().symbol());
        modifier(sb, b.modifier());
        return sb.toString();
    }

    /** {@code | unwrap bytes(size) | __error__=""}, without a leading space. */
    static String unwrap(UnwrapExpr unwrap) {
        StringBuilder sb = new StringBuilder("| unwrap ");
        if (unwrap.conversion() == UnwrapExpr.Conversion.NONE) sb.append(unwrap.label());
        else sb.append(unwrap.conversion().function()).append('(').append(unwrap.label()).append(')');
        for (LabelFilterExpr f : unwrap.postFilters()) labelFilter(sb.append(" | "), f);
        return sb.toString();
    }

    private static StringBuilder grouping(StringBuilder sb, Grouping g) {
        sb.append(g.without() ? "without " : "by ");
        labelList(sb, g.labels());
        return sb;
    }

    private static void labelList(StringBuilder sb, List<String> labels) {
        sb.append('(').append(String.join(", ", labels)).append(')');
    }

    private static void modifier(StringBuilder sb, BinaryOpExpr.Modifier m) {
        if (m.returnBool()) sb.append(" bool");
        boolean grouped = m.cardinality() != BinaryOpExpr.Cardinality.ONE_TO_ONE;
        if (m.on() || !m.matchingLabels().isEmpty() || grouped) {
            sb.append(m.on() ? " on " : " ignoring ");
            labelList(sb, m.matchingLabels());
        }
        if (grouped) {
            sb.append(m.cardinality() == BinaryOpExpr.Cardinality.MANY_TO_ONE ? " group_left " : " group_right ");
            labelList(sb, m.include()); // always written: a "(" after group_left would be read as its label list
        }
    }

    private static void stage(StringBuilder sb, StageExpr stage) {
        switch (stage) {
            case LineFilterExpr filter -> lineFilter(sb, filter);
            case StageExpr.Json json -> extractions(sb.append("| json"), json.extractions());
            case StageExpr.Logfmt logfmt -> {
                sb.append("| logfmt");
                if (logfmt.strict()) sb.append(" --strict");
                if (logfmt.keepEmpty()) sb.append(" --keep-empty");
                extractions(sb, logfmt.extractions());
            }
            case StageExpr.Regexp regexp -> Quoting.quote(sb.append("| regexp "), regexp.regex());
            case StageExpr.Pattern pattern -> Quoting.quote(sb.append("| pattern "), pattern.pattern());
            case StageExpr.Unpack ignored -> sb.append("| unpack");
            case StageExpr.LabelFilter filter -> labelFilter(sb.append("| "), filter.filter());
            case StageExpr.LineFormat format -> Quoting.quote(sb.append("| line_format "), format.template());
            case StageExpr.LabelFormat format -> {
                sb.append("| label_format ");
                for (int i = 0; i < format.assignments().size(); i++) {
                    StageExpr.LabelFmt a = format.assignments().get(i);
                    if (i > 0) sb.append(", ");
                    sb.append(a.destination()).append('=');
                    if (a.template()) Quoting.quote(sb, a.value());
                    else sb.append(a.value());
                }
            }
            case StageExpr.Decolorize ignored -> sb.append("| decolorize");
            case StageExpr.Drop drop -> namedMatchers(sb.append("| drop "), drop.labels());
            case StageExpr.Keep keep -> namedMatchers(sb.append("| keep "), keep.labels());
        }
    }

    private static void extractions(StringBuilder sb, List<StageExpr.Extraction> extractions) {
        for (int i = 0; i < extractions.size(); i++) {
            StageExpr.Extraction e = extractions.get(i);
            sb.append(i == 0 ? " " : ", ").append(e.label()).append('=');
            Quoting.quote(sb, e.expression());
        }
    }

    private static void namedMatchers(StringBuilder sb, List<StageExpr.NamedMatcher> labels) {
        for (int i = 0; i < labels.size(); i++) {
            StageExpr.NamedMatcher m = labels.get(i);
            if (i > 0) sb.append(", ");
            if (m.matcher() == null) sb.append(m.name());
            else matcher(sb, m.matcher());
        }
    }

    private static void labelFilter(StringBuilder sb, LabelFilterExpr filter) {
        switch (filter) {
            case LabelFilterExpr.And and -> binaryLabelFilter(sb, and.left(), " and ", and.right());
            case LabelFilterExpr.Or or -> binaryLabelFilter(sb, or.left(), " or ", or.right());
            case LabelFilterExpr.Match m -> matcher(sb, m.matcher());
            case LabelFilterExpr.Ip ip -> {
                sb.append(ip.name()).append(ip.equal() ? "=ip(" : "!=ip(");
                Quoting.quote(sb, ip.pattern());
                sb.append(')');
            }
            case LabelFilterExpr.Number n ->
                    sb.append(n.name()).append(' ').append(n.cmp().symbol()).append(' ').append(number(n.value()));
            case LabelFilterExpr.Duration d -> sb.append(d.name()).append(' ').append(d.cmp().symbol()).append(' ')
                    .append(Units.formatDuration(d.nanos()));
            case LabelFilterExpr.Bytes b ->
                    sb.append(b.name()).append(' ').append(b.cmp().symbol()).append(' ').append(b.bytes()).append('B');
        }
    }

    /** Nested and/or filters are parenthesised, so the printed grouping is the parsed one. */
    private static void binaryLabelFilter(StringBuilder sb, LabelFilterExpr left, String op, LabelFilterExpr right) {
        labelFilterOperand(sb, left);
        sb.append(op);
        labelFilterOperand(sb, right);
    }

    private static void labelFilterOperand(StringBuilder sb, LabelFilterExpr f) {
        boolean nested = f instanceof LabelFilterExpr.And || f instanceof LabelFilterExpr.Or;
        if (nested) sb.append('(');
        labelFilter(sb, f);
        if (nested) sb.append(')');
    }

    /** A float64 as LogQL reads it back exactly: integers plainly, others in Java's shortest round-trip form. */
    static String number(double v) {
        if (v == 0 && 1 / v < 0) return "-0.0"; // "-0" would read as a zero duration
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static void selector(StringBuilder sb, List<LabelMatcher> matchers) {
        sb.append('{');
        for (int i = 0; i < matchers.size(); i++) {
            if (i > 0) sb.append(", ");
            matcher(sb, matchers.get(i));
        }
        sb.append('}');
    }

    private static void matcher(StringBuilder sb, LabelMatcher m) {
        sb.append(m.name()).append(m.type().symbol);
        Quoting.quote(sb, m.value());
    }

    private static void lineFilter(StringBuilder sb, LineFilterExpr filter) {
        sb.append(filter.op().symbol()).append(' ');
        List<FilterArg> alternatives = filter.alternatives();
        for (int i = 0; i < alternatives.size(); i++) {
            if (i > 0) sb.append(" or ");
            switch (alternatives.get(i)) {
                case FilterArg.Text text -> Quoting.quote(sb, text.value());
                case FilterArg.Ip ip -> {
                    sb.append("ip(");
                    Quoting.quote(sb, ip.pattern());
                    sb.append(')');
                }
            }
        }
    }
}
