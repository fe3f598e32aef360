package dev.sigyn.logql.compile;

import dev.sigyn.logql.pipeline.LabelsBuilder;
import dev.sigyn.logql.syntax.LabelFilterExpr;
import dev.sigyn.logql.syntax.StageExpr;
import dev.sigyn.logql.template.Template;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which labels the parsers of a metric query must extract (Loki's parser hints): the labels read by label filters,
 * templates, renames, drop/keep matchers and unwrap post-filters, plus the grouping and the unwrapped label; each
 * name ending in {@code _extracted} also counts without the suffix. Hints apply only when the result keeps
 * few labels: a {@code by} grouping, or no labels at all (then with nothing required, parsers do nothing, as in
 * Loki). {@code null} means "extract everything"; it is also the answer whenever a stage may read the whole label
 * set ({@code unpack}, a template using the dot itself), where a hint could change the result.
 */
final class NeededLabels {
    private NeededLabels() {
    }

    /** Thrown internally when a stage may read any label. */
    private static final class AllLabels extends Exception {
        AllLabels() {
            super(null, null, false, false);
        }
    }

    static Set<String> of(List<StageExpr> stages, List<LabelFilterExpr> postFilters, String unwrapLabel,
                          List<String> groups, boolean without, boolean noLabels) {
        Set<String> required = new LinkedHashSet<>();
        try {
            for (StageExpr stage : stages) collect(stage, required);
        } catch (AllLabels e) {
            return null;
        }
        for (LabelFilterExpr f : postFilters) LabelFilters.names(f, required);
        required.addAll(groups);
        if (unwrapLabel != null) required.add(unwrapLabel);
        if (!noLabels && (without || groups.isEmpty())) return null;
        Set<String> hints = new LinkedHashSet<>();
        for (String name : required) {
            hints.add(name);
            if (name.endsWith(LabelsBuilder.DUPLICATE_SUFFIX)) {
                hints.add(name.substring(0, name.length() - LabelsBuilder.DUPLICATE_SUFFIX.length()));
            }
        }
        return hints;
    }

    private static void collect(StageExpr stage, Collection<String> names) throws AllLabels {
        switch (stage) {
            case StageExpr.LabelFilter f -> LabelFilters.names(f.filter(), names);
            case StageExpr.LineFormat f -> template(TemplateAdapter.parseLine(f.template(), f.pos()), names);
            case StageExpr.LabelFormat f -> {
                for (StageExpr.LabelFmt op : f.assignments()) {
                    if (op.template()) {
                        template(TemplateAdapter.parseLabel(op.destination(), op.value(), f.pos()), names);
                    } else {
                        names.add(op.value());
                    }
                }
            }
            case StageExpr.Drop d -> matcherNames(d.labels(), names);
            case StageExpr.Keep k -> matcherNames(k.labels(), names);
            case StageExpr.Unpack ignored -> throw new AllLabels();
            default -> { }
        }
    }

    private static void template(Template template, Collection<String> names) throws AllLabels {
        if (TemplateAdapter.readsWholeLabelSet(template)) throw new AllLabels();
        names.addAll(template.fieldNames());
    }

    private static void matcherNames(List<StageExpr.NamedMatcher> labels, Collection<String> names) {
        for (StageExpr.NamedMatcher m : labels) if (m.matcher() != null) names.add(m.name());
    }
}
