package dev.sigyn.logql.compile;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineCompilerTest {
    private static final Labels STREAM = Labels.of("app", "web");

    /** One line out of the pipeline: its text and labels. */
    private record Out(String line, String labels) {
    }

    private static List<Out> run(String query, String... lines) {
        Pipeline pipeline = PipelineCompiler.compile((LogSelectorExpr) Parser.parseExpr(query));
        StreamPipeline sp = pipeline.forStream(STREAM);
        List<Out> out = new ArrayList<>();
        long ts = 1_000;
        for (String line : lines) {
            if (sp.process(ts++, line, Labels.EMPTY)) out.add(new Out(sp.line().toString(), sp.labels().labels().toString()));
        }
        return out;
    }

    @Test
    void stagesRunInTheOrderWritten() {
        List<Out> out = run("{app=\"web\"} |= \"req\" | json | level=\"error\" | line_format \"{{.status}} {{.msg}}\"",
                "{\"level\":\"error\",\"status\":500,\"msg\":\"req failed\"}",
                "{\"level\":\"info\",\"status\":200,\"msg\":\"req ok\"}",
                "{\"level\":\"error\",\"status\":503,\"msg\":\"boom\"}");
        assertEquals(List.of(new Out("500 req failed",
                "{app=\"web\", level=\"error\", msg=\"req failed\", status=\"500\"}")), out);
    }

    /** Lines that a label filter right after a parser could wrongly drop if the precheck were careless. */
    private static final String[] TRICKY = {
            "level=error msg=x", "level=\"error\" msg=x", "level=\"\\u0065rror\" msg=escaped", "level=info msg=error",
            "msg=x", "level=errors", "level= error", "level=ERROR", "", "junk \"unterminated", "level=error level=info",
            "{\"level\":\"error\"}", "{\"level\":\"\\u0065rror\"}", "{\"level\":\"info\",\"m\":\"error\"}",
            "{\"a\":{\"level\":\"error\"}}", "{\"level\":[\"error\"]}", "{\"level\":error}", "{bad json error",
    };

    private static List<Out> runAll(String query, Labels stream, Labels metadata) {
        StreamPipeline sp = PipelineCompiler.compile((LogSelectorExpr) Parser.parseExpr(query)).forStream(stream);
        List<Out> out = new ArrayList<>();
        for (String line : TRICKY) {
            if (sp.process(1, line, metadata)) out.add(new Out(sp.line().toString(), sp.labels().labels().toString()));
        }
        return out;
    }

    @Test
    void theValuePrecheckBeforeAParserKeepsEveryLineTheFilterWouldPass() {
        // `| level=~".*"` between parser and filter changes nothing but turns the precheck off: both must agree.
        for (String parser : new String[]{"logfmt", "json"}) {
            for (String filter : new String[]{"level=\"error\"", "level=\"error\" and msg!=\"\"", "a_level=\"error\"",
                    "__error__=\"JSONParserErr\"", "__error__=\"LogfmtParserErr\""}) {
                for (Labels stream : new Labels[]{Labels.of("app", "web"), Labels.of("app", "web", "level", "error")}) {
                    for (Labels metadata : new Labels[]{Labels.EMPTY, Labels.of("level", "error")}) {
                        List<Out> fast = runAll("{app=\"web\"} | " + parser + " | " + filter, stream, metadata);
                        List<Out> plain = runAll("{app=\"web\"} | " + parser + " | level=~\".*\" | " + filter, stream, metadata);
                        assertEquals(plain, fast, parser + " | " + filter + " on " + stream + " with " + metadata);
                    }
                }
            }
        }
    }

    @Test
    void lineFiltersAfterAFormatterSeeTheNewLine() {
        List<Out> out = run("{app=\"web\"} | logfmt | line_format \"{{.user}}\" |~ \"^a\"",
                "user=alice", "user=bob", "user=anna");
        assertEquals(List.of("alice", "anna"), out.stream().map(Out::line).toList());
    }

    @Test
    void parsersAndExtractionsExtractTheirLabels() {
        assertEquals("{app=\"web\", uid=\"7\"}",
                run("{app=\"web\"} | json uid=\"user.id\"", "{\"user\":{\"id\":7},\"x\":1}").get(0).labels());
        assertEquals("{app=\"web\", n=\"42\"}", run("{app=\"web\"} | regexp `(?P<n>\\d+)`", "a 42 b").get(0).labels());
        assertEquals("{app=\"web\", m=\"GET\", p=\"/x\"}",
                run("{app=\"web\"} | pattern `<m> <p> <_>`", "GET /x 200").get(0).labels());
        assertEquals("{app=\"web\", q=\"emails\"}",
                run("{app=\"web\"} | logfmt --strict q", "q=emails attempt=3").get(0).labels());
    }

    @Test
    void labelFormatRenamesAndRenders() {
        Out out = run("{app=\"web\"} | logfmt | label_format tag=`{{ .level | ToUpper }}-{{ .user }}`, who=user",
                "level=warn user=bob").get(0);
        assertEquals("{app=\"web\", level=\"warn\", tag=\"WARN-bob\", who=\"bob\"}", out.labels());
        // Operations run in order: after the rename, the template no longer sees "user".
        Out renamedFirst = run("{app=\"web\"} | logfmt | label_format who=user, tag=`{{ .level | ToUpper }}-{{ .user }}`",
                "level=warn user=bob").get(0);
        assertEquals("{app=\"web\", level=\"warn\", tag=\"WARN-\", who=\"bob\"}", renamedFirst.labels());
    }

    @Test
    void keepDropAndDecolorize() {
        assertEquals("{level=\"error\"}",
                run("{app=\"web\"} | logfmt | keep level", "level=error user=x").get(0).labels());
        assertEquals("{app=\"web\", user=\"x\"}",
                run("{app=\"web\"} | logfmt | drop level=\"error\"", "level=error user=x").get(0).labels());
        assertEquals("red", run("{app=\"web\"} | decolorize", "\u001b[31mred\u001b[0m").get(0).line());
    }

    @Test
    void aTemplateFailingOnALineKeepsItWithTemplateFormatErr() {
        Out out = run("{app=\"web\"} | logfmt | line_format `{{ div .a 0 }}`", "a=5").get(0);
        assertEquals("a=5", out.line());
        assertTrue(out.labels().contains("__error__=\"TemplateFormatErr\""), out.labels());
        assertTrue(out.labels().contains("__error_details__=\"template: line:1:"), out.labels());
        List<Out> filtered = run("{app=\"web\"} | logfmt | line_format `{{ div .a 0 }}` | __error__=\"\"", "a=5");
        assertTrue(filtered.isEmpty());
    }

    @Test
    void templatesSeeTheLineTheTimestampAndTheError() {
        assertEquals("<{x>", run("{app=\"web\"} | json | line_format `<{{ __line__ }}>`", "{x").get(0).line());
        assertEquals("JSONParserErr", run("{app=\"web\"} | json | line_format `{{ .__error__ }}`", "{x").get(0).line());
    }

    @Test
    void templatesThatDoNotParseAreBadRequests() {
        ParseException line = assertThrows(ParseException.class,
                () -> run("{app=\"web\"} | line_format `{{ nosuchfunc }}`"));
        assertTrue(line.detail().startsWith("invalid line template: template: line:1:"), line.getMessage());
        ParseException label = assertThrows(ParseException.class,
                () -> run("{app=\"web\"} | label_format a=`{{ nosuchfunc }}`"));
        assertTrue(label.detail().startsWith("invalid template for label 'a': template: label:1:"), label.getMessage());
    }

    @Test
    void invalidStageArgumentsAreBadRequests() {
        assertThrows(ParseException.class, () -> run("{app=\"web\"} | regexp `(?P<n>\\d+`"));
        assertThrows(ParseException.class, () -> run("{app=\"web\"} | regexp `\\d+`"));
        assertThrows(ParseException.class, () -> run("{app=\"web\"} | pattern `<a><b>`"));
        assertThrows(ParseException.class, () -> run("{app=\"web\"} | label_format a=b, a=c"));
    }

    @Test
    void bytesFiltersRunAsLokisFrontendReprintsThem() {
        // 2KiB is re-printed as "2.0 kB": the querier compares with 2000, not 2048.
        List<Out> out = run("{app=\"web\"} | logfmt | bytes < 2KiB", "bytes=1999", "bytes=2000", "bytes=2047");
        assertEquals(List.of("bytes=1999"), out.stream().map(Out::line).toList());
        // 15.5KB is re-printed as "16 kB" (Go rounds 15.5 half to even).
        assertEquals(List.of("bytes=16000"),
                run("{app=\"web\"} | logfmt | bytes >= 15.5KB", "bytes=15600", "bytes=16000").stream().map(Out::line).toList());
    }

    @Test
    void aBytesBoundRunsAsTheFrontendReprintsIt() {
        assertEquals(1_000_000, FrontendBytes.asRun(1L << 20));
        assertEquals(16_000, FrontendBytes.asRun(15_500));
    }

    @Test
    void numberAndDurationFiltersAreExact() {
        List<Out> out = run("{app=\"web\"} | logfmt | d > 1.5s and n <= 2.25", "d=1501ms n=2.25", "d=1500ms n=1",
                "d=2s n=2.26");
        assertEquals(List.of("d=1501ms n=2.25"), out.stream().map(Out::line).toList());
        assertFalse(run("{app=\"web\"} | logfmt | ip = ip(\"10.0.0.0/8\")", "ip=10.1.2.3", "ip=11.0.0.1").isEmpty());
    }
}
