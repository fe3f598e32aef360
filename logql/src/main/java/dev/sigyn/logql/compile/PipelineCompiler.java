package dev.sigyn.logql.compile;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.pipeline.ExtractedEqualityPrecheck;
import dev.sigyn.logql.pipeline.Extraction;
import dev.sigyn.logql.pipeline.LabelSelection;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.Stage;
import dev.sigyn.logql.pipeline.Stages;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LabelFilterExpr;
import dev.sigyn.logql.syntax.LineFilterExpr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.StageExpr;
import dev.sigyn.logql.template.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles the pipeline of a log selector ({@code | json | level="error" | line_format ...}) into a
 * {@link Pipeline}, stages in the order written. Anything invalid that the parser let through (a regexp or pattern
 * that does not compile, a template that does not parse, a label formatted twice) is a {@link ParseException},
 * i.e. a 400.
 */
public final class PipelineCompiler {
    private PipelineCompiler() {
    }

    /** The pipeline of a log query: parsers extract every label, since the result shows them all. */
    public static Pipeline compile(LogSelectorExpr selector) {
        return compile(selector.stages(), null);
    }

    /**
     * The pipeline with parsers told which labels the rest of the query needs ({@code null}: all of them, an empty
     * set: none, so parsers do nothing). See {@link SampleExtractors} for how metric queries compute it.
     */
    public static Pipeline compile(List<StageExpr> stages, Set<String> needed) {
        List<Stage> compiled = new ArrayList<>(stages.size());
        List<LineFilterExpr> pendingFilters = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            StageExpr stage = stages.get(i);
            // Consecutive line filters become one byte-level filter (the combined filter is AND-ed like the list).
            if (stage instanceof LineFilterExpr f) {
                pendingFilters.add(f);
                continue;
            }
            flushFilters(pendingFilters, compiled);
            Stage precheck = precheckBeforeParser(stages, i);
            if (precheck != null) compiled.add(precheck);
            try {
                compiled.add(stage(stage, needed));
            } catch (IllegalArgumentException e) {
                throw new ParseException(e.getMessage(), stage.pos());
            }
        }
        flushFilters(pendingFilters, compiled);
        return Pipeline.of(compiled);
    }

    /**
     * For {@code | json | name="value"} or {@code | logfmt | name="value"} (possibly {@code and}-ed with more) with
     * only line filters before the parser, a stage that drops lines which cannot hold the value; null otherwise.
     * Earlier parsers or formatters could have set the label, so only line filters may come before.
     */
    private static Stage precheckBeforeParser(List<StageExpr> stages, int parserIndex) {
        StageExpr parser = stages.get(parserIndex);
        boolean plainParser = (parser instanceof StageExpr.Json j && j.extractions().isEmpty())
                || (parser instanceof StageExpr.Logfmt l && l.extractions().isEmpty());
        if (!plainParser || parserIndex + 1 >= stages.size()) return null;
        for (int i = 0; i < parserIndex; i++) if (!(stages.get(i) instanceof LineFilterExpr)) return null;
        if (!(stages.get(parserIndex + 1) instanceof StageExpr.LabelFilter filter)) return null;
        LabelMatcher required = requiredEquality(filter.filter());
        // A decoding repair (U+FFFD) could make a value the line's bytes do not hold; the parser itself sets
        // __error__ and __error_details__, whose values are not in the line.
        if (required == null || required.value().isEmpty() || required.value().indexOf('\uFFFD') >= 0
                || required.name().startsWith("__")) return null;
        return new ExtractedEqualityPrecheck(required.name(), required.value());
    }

    /** A {@code name="value"} every line passing the filter satisfies, or null. */
    private static LabelMatcher requiredEquality(LabelFilterExpr filter) {
        return switch (filter) {
            case LabelFilterExpr.Match m when m.matcher().type() == LabelMatcher.Type.EQ -> m.matcher();
            case LabelFilterExpr.And and -> {
                LabelMatcher left = requiredEquality(and.left());
                yield left != null ? left : requiredEquality(and.right());
            }
            default -> null;
        };
    }

    private static void flushFilters(List<LineFilterExpr> filters, List<Stage> out) {
        if (filters.isEmpty()) return;
        out.add(Stages.lineFilter(FilterCompiler.compile(filters)));
        filters.clear();
    }

    private static Stage stage(StageExpr stage, Set<String> needed) {
        return switch (stage) {
            case LineFilterExpr f -> Stages.lineFilter(FilterCompiler.compile(f));
            case StageExpr.Json json -> json.extractions().isEmpty()
                    ? Stages.json(needed)
                    : Stages.json(extractions(json.extractions()));
            case StageExpr.Logfmt logfmt -> logfmt.extractions().isEmpty()
                    ? Stages.logfmt(logfmt.strict(), logfmt.keepEmpty(), needed)
                    : Stages.logfmt(logfmt.strict(), extractions(logfmt.extractions()));
            case StageExpr.Regexp regexp -> Stages.regexp(regexp.regex(), needed);
            case StageExpr.Pattern pattern -> Stages.pattern(pattern.pattern(), needed);
            case StageExpr.Unpack ignored -> Stages.unpack(needed);
            case StageExpr.LabelFilter filter -> LabelFilters.compile(filter.filter());
            case StageExpr.LineFormat format ->
                    Stages.lineFormat(TemplateAdapter.adapt(TemplateAdapter.parseLine(format.template(), format.pos())));
            case StageExpr.LabelFormat format -> labelFormat(format);
            case StageExpr.Decolorize ignored -> Stages.decolorize();
            case StageExpr.Drop drop -> Stages.drop(selections(drop.labels()));
            case StageExpr.Keep keep -> Stages.keep(selections(keep.labels()));
        };
    }

    private static Stage labelFormat(StageExpr.LabelFormat format) {
        Stages.LabelFormatBuilder builder = Stages.labelFormat();
        for (StageExpr.LabelFmt op : format.assignments()) {
            if (op.template()) {
                Template t = TemplateAdapter.parseLabel(op.destination(), op.value(), format.pos());
                builder.template(op.destination(), TemplateAdapter.adapt(t));
            } else {
                builder.rename(op.destination(), op.value());
            }
        }
        return builder.build();
    }

    private static List<Extraction> extractions(List<StageExpr.Extraction> extractions) {
        return extractions.stream().map(e -> new Extraction(e.label(), e.expression())).toList();
    }

    private static List<LabelSelection> selections(List<StageExpr.NamedMatcher> labels) {
        return labels.stream()
                .map(l -> l.matcher() == null ? LabelSelection.name(l.name()) : LabelSelection.matching(l.matcher()))
                .toList();
    }
}
