package dev.sigyn.logql.template;

import static dev.sigyn.logql.template.TemplateTestSupport.execError;
import static dev.sigyn.logql.template.TemplateTestSupport.parseError;
import static dev.sigyn.logql.template.TemplateTestSupport.render;
import static dev.sigyn.logql.template.TemplateTestSupport.renderLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateLanguageTest {

    @Test
    void lokiDocsExamples() {
        assertEquals("select 1 12ms", render("{{.query}} {{.duration}}", "query", "select 1", "duration", "12ms"));
        assertEquals("OK", render("{{ .status_code | ToUpper }}", "status_code", "ok"));
        assertEquals("2", renderLine("{{ __line__ | count \"foo\" }}", "a foo b foo"));
        assertEquals("E", render("{{ if eq .level \"error\" }}E{{ else }}N{{ end }}", "level", "error"));
        assertEquals("N", render("{{ if eq .level \"error\" }}E{{ else }}N{{ end }}", "level", "info"));
        assertEquals("api       |", render("{{ printf \"%-10s\" .app }}|", "app", "api"));
        assertEquals("2", render("{{ div .latency_ms 1000 }}", "latency_ms", "2500"));
    }

    @Test
    void missingLabelsRenderEmpty() {
        assertEquals("[]", render("[{{.nope}}]"));
        assertEquals("[]", render("[{{.Labels}}]"));
    }

    @Test
    void textWithoutActionsIsCopied() {
        assertEquals("plain text }} {", render("plain text }} {"));
    }

    @Test
    void trimMarkersEatSurroundingWhitespace() {
        assertEquals("a|b", render("a  \n {{- \"|\" -}} \n\t b"));
        assertEquals("a  |b", render("a  {{ \"|\" -}}   b"));
        assertEquals("a|  b", render("a  {{- \"|\" }}  b"));
        assertEquals("x-3", render("x{{-3}}"), "without a space the minus belongs to the number");
    }

    @Test
    void commentsProduceNothing() {
        assertEquals("ab", render("a{{/* a comment */}}b"));
        assertEquals("ab", render("a {{- /* trimmed */ -}} b"));
    }

    @Test
    void variablesDeclareAndAssign() {
        assertEquals("x-y", render("{{ $v := .a }}{{ $v }}-{{ $v = .b }}{{ $v }}", "a", "x", "b", "y"));
        assertEquals("1", render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x | print | len }}"));
        assertEquals("api", render("{{ with $ }}{{ $.app }}{{ end }}", "app", "api"));
    }

    @Test
    void ifElseChains() {
        String t = "{{ if eq .l \"a\" }}A{{ else if eq .l \"b\" }}B{{ else }}C{{ end }}";
        assertEquals("A", render(t, "l", "a"));
        assertEquals("B", render(t, "l", "b"));
        assertEquals("C", render(t, "l", "z"));
    }

    @Test
    void truthinessFollowsGo() {
        assertEquals("no", render("{{ if .missing }}yes{{ else }}no{{ end }}"));
        assertEquals("no", render("{{ if 0 }}yes{{ else }}no{{ end }}"));
        assertEquals("no", render("{{ if 0.0 }}yes{{ else }}no{{ end }}"));
        assertEquals("yes", render("{{ if \"0\" }}yes{{ else }}no{{ end }}"));
        assertEquals("no", render("{{ if and .a .b }}yes{{ else }}no{{ end }}", "a", "1"));
        assertEquals("yes", render("{{ if or .a .b }}yes{{ else }}no{{ end }}", "a", "1"));
        assertEquals("true", render("{{ not .missing }}"));
    }

    @Test
    void andOrReturnTheDecidingValue() {
        assertEquals("x", render("{{ or .missing \"x\" }}"));
        assertEquals("", render("{{ and .a .missing }}", "a", "1"));
        assertEquals("b", render("{{ and .a \"b\" }}", "a", "1"));
    }

    @Test
    void withChangesDot() {
        assertEquals("API", render("{{ with .app }}{{ . | upper }}{{ else }}none{{ end }}", "app", "api"));
        assertEquals("none", render("{{ with .app }}{{ . }}{{ else }}none{{ end }}"));
        assertEquals("b", render("{{ with .x }}a{{ else with .y }}{{ . }}{{ end }}", "y", "b"));
    }

    @Test
    void rangeOverTheLabelsIsSortedByKey() {
        assertEquals("a=1,b=2,c=3,", render("{{ range $k, $v := . }}{{ $k }}={{ $v }},{{ end }}", "c", "3", "a", "1", "b", "2"));
        assertEquals("123", render("{{ range . }}{{ . }}{{ end }}", "c", "3", "a", "1", "b", "2"));
    }

    @Test
    void rangeOverListsWithIndexBreakContinueAndElse() {
        String json = "{\"xs\":[\"a\",\"b\",\"c\",\"d\"]}";
        assertEquals("0:a 1:b 2:c 3:d ", render("{{ range $i, $x := (fromJson .j).xs }}{{ $i }}:{{ $x }} {{ end }}", "j", json));
        assertEquals("a", render("{{ range (fromJson .j).xs }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "j", json));
        assertEquals("acd", render("{{ range (fromJson .j).xs }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "j", json));
        assertEquals("empty", render("{{ range (fromJson .j).xs }}{{ . }}{{ else }}empty{{ end }}", "j", "{\"xs\":[]}"));
        assertEquals("empty", render("{{ range .missingJson }}x{{ else }}empty{{ end }}".replace(".missingJson", "(fromJson \"null\")")));
    }

    @Test
    void nestedFieldsOnMaps() {
        assertEquals("v", render("{{ (fromJson .j).a.b }}", "j", "{\"a\":{\"b\":\"v\"}}"));
        assertEquals("<no value>", render("{{ (fromJson .j).a.zz }}", "j", "{\"a\":{\"b\":\"v\"}}"));
        assertEquals("1.5 3", render("{{ $m := fromJson .j }}{{ $m.x }} {{ $m.y }}", "j", "{\"x\":1.5,\"y\":3}"));
    }

    @Test
    void literals() {
        assertEquals("tab\there", render("{{ \"tab\\there\" }}"));
        assertEquals("raw\\n", render("{{ `raw\\n` }}"));
        assertEquals("97 a", render("{{ 'a' }} {{ printf \"%c\" 'a' }}"));
        assertEquals("255 1.5 1000 true", render("{{ 0xff }} {{ 1.5 }} {{ 1e3 }} {{ true }}"));
        assertEquals("é", render("{{ \"\\u00e9\" }}"));
        assertEquals("<nil>", render("{{ print nil }}"));
    }

    @Test
    void parenthesisedArguments() {
        assertEquals("HELLO WORLD", render("{{ upper (printf \"%s %s\" .a .b) }}", "a", "hello", "b", "world"));
        assertEquals("7", render("{{ add (mul 2 3) 1 }}"));
    }

    @Test
    void pipelinePassesTheValueAsLastArgument() {
        assertEquals("hello-X", render("{{ .a | printf \"%s-%s\" \"hello\" }}", "a", "X"));
        assertEquals("ab..", render("{{ .a | trunc 2 | printf \"%s..\" }}", "a", "abcdef"));
    }

    @Test
    void defineTemplateAndBlock() {
        assertEquals("<api>", render("{{ define \"T\" }}<{{ . }}>{{ end }}{{ template \"T\" .app }}", "app", "api"));
        assertEquals("[x]", render("{{ block \"B\" .a }}[{{ . }}]{{ end }}", "a", "x"));
    }

    @Test
    void simpleFieldTemplatesAreRecognised() throws TemplateException {
        assertEquals(Optional.of("message"), Template.parse("{{.message}}").singleLabel());
        assertEquals(Optional.empty(), Template.parse("{{.message}}!").singleLabel());
        assertEquals(Set.of("a", "b"), Template.parse("{{ if .a }}{{ .b | upper }}{{ else }}{{ $.c }}{{ end }}").fieldNames());
    }

    @Test
    void templatesAreReusableAcrossLines() throws TemplateException {
        Template t = Template.parse("{{ .a }}:{{ __line__ }}");
        assertEquals("1:x", t.execute(TemplateContext.of(Map.of("a", "1"), "x", 0)));
        assertEquals("2:y", t.execute(TemplateContext.of(Map.of("a", "2"), "y", 0)));
    }

    @Test
    void parseErrorsUseGoWording() {
        assertEquals("template: line:1: unexpected \"}\" in operand", parseError("{{ .a } }}"));
        assertEquals("template: line:1: function \"nope\" not defined", parseError("{{ nope .a }}"));
        assertEquals("template: line:1: unclosed action", parseError("{{ .a "));
        assertEquals("template: line:1: unexpected EOF", parseError("{{ if .a }}x"));
        assertEquals("template: line:1: unexpected {{end}}", parseError("x{{ end }}"));
        assertEquals("template: line:1: undefined variable \"$x\"", parseError("{{ $x }}"));
        assertEquals("template: line:1: missing value for command", parseError("{{ }}"));
        assertEquals("template: line:1: unterminated quoted string", parseError("{{ \"abc }}"));
        assertEquals("template: line:1: {{break}} outside {{range}}", parseError("{{ break }}"));
        assertEquals("template: line:2: unexpected <else> in operand", parseError("a\n{{ .a else }}"));
        assertEquals("template: line:1: bad character U+0023 '#'", parseError("{{ .a# }}"));
        assertEquals("template: line:1: non executable command in pipeline stage 2", parseError("{{ .a | \"x\" }}"));
        assertEquals("template: line:1: unexpected \")\" in command", parseError("{{ .a) }}"));
        assertTrue(parseError("{{ \"\\q\" }}").endsWith("invalid syntax"));
    }

    @Test
    void executionErrorsUseGoWording() {
        assertEquals("template: line:1:3: executing \"line\" at <div .a 0>: error calling div: runtime error: integer divide by zero",
                execError("{{ div .a 0 }}", "a", "5"));
        assertEquals("template: line:1:3: executing \"line\" at <trunc>: wrong number of args for trunc: want 2 got 0",
                execError("{{ trunc }}"));
        assertEquals("template: line:1:9: executing \"line\" at <1.5>: expected integer; found 1.5",
                execError("{{ trunc 1.5 .a }}"));
        assertEquals("template: line:1:3: executing \"line\" at <eq .a 1>: error calling eq: incompatible types for comparison",
                execError("{{ eq .a 1 }}", "a", "1"));
        assertTrue(execError("{{ .a.b }}", "a", "x").endsWith("can't evaluate field b in type string"));
        assertTrue(execError("{{ regexReplaceAll \"(\" .a \"x\" }}").contains("error calling regexReplaceAll: error parsing regexp"));
    }

    @Test
    void labelFormatTemplatesNameThemselvesLabelInErrors() throws TemplateException {
        Template t = Template.parse("label", "{{ div 1 0 }}");
        TemplateExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(TemplateExecutionException.class,
                () -> t.execute(TemplateContext.of(Map.of(), "", 0)));
        assertTrue(e.getMessage().startsWith("template: label:1:3: executing \"label\" at <div 1 0>"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class, () -> Template.parse("label", "{{"))
                .getMessage().startsWith("template: label:1: "));
    }

    @Test
    void recursiveTemplatesAreStopped() {
        assertTrue(execError("{{ define \"R\" }}{{ template \"R\" }}{{ end }}{{ template \"R\" }}")
                .contains("exceeded maximum template depth"));
        assertTrue(execError("{{ template \"none\" }}").endsWith("no template \"none\" associated with template \"line\""));
    }

    @Test
    void multiLineTemplatesReportTheLine() {
        assertTrue(execError("a\nb {{ div 1 0 }}").startsWith("template: line:2:5: executing"));
        assertEquals("template: line:3: function \"bad\" not defined", parseError("{{ .a }}\n\n{{ bad }}"));
    }
}
