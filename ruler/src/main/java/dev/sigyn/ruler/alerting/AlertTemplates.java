package dev.sigyn.ruler.alerting;

import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.template.Template;
import dev.sigyn.logql.template.TemplateContext;
import dev.sigyn.logql.template.TemplateException;
import dev.sigyn.logql.template.TemplateExecutionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An alerting rule's label and annotation templates, parsed once. They read what Prometheus' do: {@code $labels} (the
 * series' labels), {@code $value}, {@code $externalLabels} and {@code $externalURL}; the dot is the series' labels.
 * A template that fails at run time gives Prometheus' {@code <error expanding template: ...>} instead of failing the
 * rule, so that the alert still goes out.
 */
final class AlertTemplates {
    static final Set<String> VARIABLES = Set.of("$labels", "$value", "$externalLabels", "$externalURL");

    private final Map<String, Template> labels;
    private final Map<String, Template> annotations;
    private final Map<String, String> externalLabels;
    private final String externalUrl;

    private AlertTemplates(Map<String, Template> labels, Map<String, Template> annotations,
                           Map<String, String> externalLabels, String externalUrl) {
        this.labels = labels;
        this.annotations = annotations;
        this.externalLabels = Map.copyOf(externalLabels);
        this.externalUrl = externalUrl;
    }

    /** @throws TemplateException naming the rule and the label or annotation whose template does not parse */
    static AlertTemplates parse(AlertRuleSpec rule, Map<String, String> externalLabels, String externalUrl)
            throws TemplateException {
        return new AlertTemplates(parseAll(rule.name(), "label", rule.labels()),
                parseAll(rule.name(), "annotation", rule.annotations()), externalLabels, externalUrl);
    }

    private static Map<String, Template> parseAll(String rule, String kind, Map<String, String> texts)
            throws TemplateException {
        Map<String, Template> parsed = new LinkedHashMap<>();
        for (var e : texts.entrySet()) {
            try {
                parsed.put(e.getKey(), Template.parse("__alert_" + rule, e.getValue(), VARIABLES));
            } catch (TemplateException ex) {
                throw new TemplateException("alerting rule " + rule + ", " + kind + " " + e.getKey() + ": "
                        + ex.getMessage());
            }
        }
        return parsed;
    }

    /** The rule's labels expanded for one series (not yet merged with the series' own labels). */
    Map<String, String> labels(Sample sample) {
        return expandAll(labels, sample);
    }

    Map<String, String> annotations(Sample sample) {
        return expandAll(annotations, sample);
    }

    private Map<String, String> expandAll(Map<String, Template> templates, Sample sample) {
        if (templates.isEmpty()) return Map.of();
        TemplateContext ctx = TemplateContext.of(sample.labels(), "", 0);
        Map<String, Object> values = Map.of("$labels", sample.labels(), "$value", sample.value(),
                "$externalLabels", externalLabels, "$externalURL", externalUrl);
        Map<String, String> out = new LinkedHashMap<>();
        templates.forEach((name, t) -> out.put(name, expand(t, ctx, values)));
        return out;
    }

    private static String expand(Template t, TemplateContext ctx, Map<String, Object> values) {
        try {
            return t.execute(ctx, values);
        } catch (TemplateExecutionException | LimitExceededException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }
}
