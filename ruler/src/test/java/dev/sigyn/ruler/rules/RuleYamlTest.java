package dev.sigyn.ruler.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuleYamlTest {
    private static final String FILE = """
            groups:
              - name: errors
                interval: 1s
                limit: 10
                rules:
                  - alert: HighErrorRate
                    expr: sum by (app) (rate({env="prod"} |= "error" [5m])) > 10
                    for: 2m
                    keep_firing_for: 30s
                    labels:
                      severity: page
                      team: "7"
                    annotations:
                      summary: "{{ $labels.app }} fails"
                  - record: app:errors:rate5m
                    expr: sum by (app) (rate({env="prod"} |= "error" [5m]))
                    labels:
                      source: loki
              - name: other
                rules: []
            """;

    @Test
    void aNamespaceFileReadsIntoGroupsAndRules() throws Exception {
        List<RuleGroup> groups = RuleYamlReader.namespaceFile(FILE);

        assertEquals(2, groups.size());
        RuleGroup errors = groups.getFirst();
        assertEquals("errors", errors.name());
        assertEquals(Duration.ofSeconds(1), errors.interval());
        assertEquals(10, errors.limit());
        assertEquals(new AlertingRule("HighErrorRate",
                "sum by (app) (rate({env=\"prod\"} |= \"error\" [5m])) > 10", Duration.ofMinutes(2),
                Duration.ofSeconds(30), Map.of("severity", "page", "team", "7"),
                Map.of("summary", "{{ $labels.app }} fails")), errors.rules().get(0));
        assertEquals(new RecordingRule("app:errors:rate5m", "sum by (app) (rate({env=\"prod\"} |= \"error\" [5m]))",
                Map.of("source", "loki")), errors.rules().get(1));
        assertEquals(Duration.ZERO, groups.get(1).interval());
    }

    @Test
    void printedGroupsReadBackEqual() throws Exception {
        List<RuleGroup> groups = RuleYamlReader.namespaceFile(FILE);
        assertEquals(groups, RuleYamlReader.namespaceFile(RuleYamlWriter.namespaceFile(groups)));
        assertEquals(groups.getFirst(), RuleYamlReader.groupBody(RuleYamlWriter.group(groups.getFirst())));
    }

    @Test
    void aGroupPrintsInPrometheusFieldOrderWithoutEmptyFields() throws Exception {
        RuleGroup group = RuleYamlReader.groupBody("""
                rules:
                  - labels: {b: "2", a: "1"}
                    for: 90m
                    expr: count_over_time({app="x"}[1m]) > 0
                    alert: A
                  - expr: count_over_time({app="x"}[1m])
                    record: r
                name: g
                """);
        assertEquals("""
                name: g
                rules:
                  - alert: A
                    expr: "count_over_time({app=\\"x\\"}[1m]) > 0"
                    for: 1h30m
                    labels:
                      a: "1"
                      b: "2"
                  - record: r
                    expr: "count_over_time({app=\\"x\\"}[1m])"
                """, RuleYamlWriter.group(group));
    }

    @Test
    void aLogQueryIsRefusedWhereAMetricQueryIsNeeded() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleYamlReader.groupBody("""
                name: g
                rules:
                  - alert: Logs
                    expr: '{app="x"} |= "error"'
                """));
        assertEquals(List.of("group \"g\", rule 1, \"Logs\": could not parse expression for alert 'Logs' in group 'g':"
                + " only sample expression supported"), e.problems());
    }

    @Test
    void aBadExpressionIsReportedWithLokisParseError() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleYamlReader.groupBody("""
                name: g
                rules:
                  - record: r
                    expr: sum(rate({app="x"}[5m])
                """));
        assertEquals(InvalidRulesException.Kind.INVALID, e.kind());
        String problem = e.problems().getFirst();
        assertEquals("group \"g\", rule 1, \"r\": could not parse expression for record 'r' in group 'g': parse error",
                problem.substring(0, problem.indexOf("parse error") + "parse error".length()));
    }

    @Test
    void eachBrokenRuleIsNamedWithItsProblem() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleYamlReader.namespaceFile("""
                groups:
                  - name: g
                    rules:
                      - record: not-a-metric
                        expr: count_over_time({app="x"}[1m])
                      - alert: A
                        record: r
                        expr: count_over_time({app="x"}[1m])
                      - expr: count_over_time({app="x"}[1m])
                      - alert: B
                      - record: r2
                        expr: count_over_time({app="x"}[1m])
                        for: 1m
                      - record: r3
                        expr: count_over_time({app="x"}[1m])
                        annotations: {a: b}
                      - alert: C
                        expr: count_over_time({app="x"}[1m])
                        labels: {__name__: x}
                  - name: g
                    rules: []
                  - rules: []
                """));
        assertEquals(List.of(
                "group \"g\", rule 1, \"not-a-metric\": invalid recording rule name: not-a-metric",
                "group \"g\", rule 2, \"A\": only one of 'record' and 'alert' must be set",
                "group \"g\", rule 3, \"\": one of 'record' or 'alert' must be set",
                "group \"g\", rule 4, \"B\": field 'expr' must be set in rule",
                "group \"g\", rule 5, \"r2\": invalid field 'for' in recording rule",
                "group \"g\", rule 6, \"r3\": invalid field 'annotations' in recording rule",
                "group \"g\", rule 7, \"C\": invalid label name: __name__",
                "groupname: \"g\" is repeated in the same file",
                "group 2: Groupname must not be empty"), e.problems());
    }

    @Test
    void badDurationsAndUnknownFieldsInAFileAreDecodingErrors() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleYamlReader.namespaceFile("""
                groups:
                  - name: g
                    interval: 1minute
                    rules:
                      - alert: A
                        expr: count_over_time({app="x"}[1m]) > 1
                        for: 5x
                        fro: 1m
                """));
        assertEquals(InvalidRulesException.Kind.UNDECODABLE, e.kind());
        assertEquals(List.of(
                "group \"g\": 'interval': unknown unit \"minute\" in duration \"1minute\"",
                "group \"g\", rule 1, \"A\": unknown field 'fro'",
                "group \"g\", rule 1, \"A\": 'for': unknown unit \"x\" in duration \"5x\""), e.problems());
    }

    @Test
    void anApiBodyMayCarryFieldsSigynDoesNotKnow() throws Exception {
        RuleGroup g = RuleYamlReader.groupBody("""
                name: g
                query_offset: 1m
                rules:
                  - alert: A
                    expr: count_over_time({app="x"}[1m]) > 1
                """);
        assertEquals("g", g.name());
    }

    @Test
    void anEmptyFileHasNoGroups() throws Exception {
        assertEquals(List.of(), RuleYamlReader.namespaceFile(""));
        assertEquals(List.of(), RuleYamlReader.namespaceFile("groups: []"));
    }
}
