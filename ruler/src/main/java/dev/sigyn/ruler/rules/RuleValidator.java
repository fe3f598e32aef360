package dev.sigyn.ruler.rules;

import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Loki's ruler makes on rule groups ({@code ValidateGroups} in Loki's {@code pkg/ruler/compat.go}), with
 * its texts. Like Loki, a rule gets its first problem only; unlike Loki, every rule problem is prefixed with the group,
 * the rule's number and its name, in Prometheus' form ({@code group "g", rule 2, "HighErrors": ...}), and an
 * expression must be a metric query (a log query yields no samples to record or alert on; Loki finds that out only
 * when it evaluates the rule).
 */
final class RuleValidator {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private RuleValidator() {}

    /** The groups, checked and turned into the model; their names must differ, as within one namespace. */
    static List<RuleGroup> check(List<RuleNodes.GroupNode> groups) throws InvalidRulesException {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<RuleGroup> valid = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            RuleNodes.GroupNode g = groups.get(i);
            if (g.name().isEmpty()) problems.add("group " + i + ": Groupname must not be empty");
            if (!names.add(g.name())) problems.add("groupname: \"" + g.name() + "\" is repeated in the same file");
            if (g.limit() < 0) problems.add("group " + RuleYamlReader.quote(g.name()) + ": limit must not be negative");
            List<Rule> rules = new ArrayList<>();
            for (int r = 0; r < g.rules().size(); r++) {
                RuleNodes.RuleNode rule = g.rules().get(r);
                String problem = problem(rule, g.name());
                if (problem != null) {
                    problems.add("group " + RuleYamlReader.quote(g.name()) + ", rule " + (r + 1) + ", "
                            + RuleYamlReader.quote(rule.name()) + ": " + problem);
                } else {
                    rules.add(toModel(rule));
                }
            }
            valid.add(new RuleGroup(g.name(), g.interval(), g.limit(), rules));
        }
        if (!problems.isEmpty()) throw new InvalidRulesException(InvalidRulesException.Kind.INVALID, problems);
        return valid;
    }

    /** The first thing wrong with the rule, in Loki's words, or null. */
    private static String problem(RuleNodes.RuleNode r, String group) {
        if (!r.record().isEmpty() && !r.alert().isEmpty()) return "only one of 'record' and 'alert' must be set";
        if (r.record().isEmpty() && r.alert().isEmpty()) return "one of 'record' or 'alert' must be set";
        if (r.expr().isBlank()) return "field 'expr' must be set in rule";
        String exprProblem = exprProblem(r.expr());
        if (exprProblem != null) {
            return "could not parse expression for " + (r.record().isEmpty() ? "alert '" + r.alert()
                    : "record '" + r.record()) + "' in group '" + group + "': " + exprProblem;
        }
        if (!r.record().isEmpty()) {
            if (!r.annotations().isEmpty()) return "invalid field 'annotations' in recording rule";
            if (!r.forDuration().isZero()) return "invalid field 'for' in recording rule";
            if (!r.keepFiringFor().isZero()) return "invalid field 'keep_firing_for' in recording rule";
            if (!METRIC_NAME.matcher(r.record()).matches()) return "invalid recording rule name: " + r.record();
        }
        for (Map.Entry<String, String> l : r.labels().entrySet()) {
            if (!LABEL_NAME.matcher(l.getKey()).matches() || l.getKey().equals("__name__")) {
                return "invalid label name: " + l.getKey();
            }
        }
        for (String name : r.annotations().keySet()) {
            if (!LABEL_NAME.matcher(name).matches()) return "invalid annotation name: " + name;
        }
        return null;
    }

    /** Loki's parse error, or Loki's text for a log query where a metric query is needed; null when it is one. */
    private static String exprProblem(String expr) {
        Expr parsed;
        try {
            parsed = Parser.parseExpr(expr);
        } catch (ParseException | IllegalArgumentException e) {
            return e.getMessage();
        }
        return parsed instanceof LogSelectorExpr ? "only sample expression supported" : null;
    }

    private static Rule toModel(RuleNodes.RuleNode r) {
        return r.record().isEmpty()
                ? new AlertingRule(r.alert(), r.expr(), r.forDuration(), r.keepFiringFor(), r.labels(), r.annotations())
                : new RecordingRule(r.record(), r.expr(), r.labels());
    }
}
