package dev.sigyn.logql.template;

import static dev.sigyn.logql.template.TemplateTestSupport.execError;
import static dev.sigyn.logql.template.TemplateTestSupport.render;
import static dev.sigyn.logql.template.TemplateTestSupport.renderLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TemplateFunctionsTest {

    @Test
    void lokiStringFunctionsTakeTheSubjectFirst() {
        assertEquals("abc", render("{{ ToLower .a }}", "a", "AbC"));
        assertEquals("ABC", render("{{ ToUpper .a }}", "a", "AbC"));
        assertEquals("x-x-o", render("{{ Replace .a \"o\" \"x\" 2 }}", "a", "o-o-o"));
        assertEquals("x-x-x", render("{{ Replace .a \"o\" \"x\" -1 }}", "a", "o-o-o"));
        assertEquals("abc", render("{{ Trim .a \"-_\" }}", "a", "-_abc_-"));
        assertEquals("abc_-", render("{{ TrimLeft .a \"-_\" }}", "a", "-_abc_-"));
        assertEquals("-_abc", render("{{ TrimRight .a \"-_\" }}", "a", "-_abc_-"));
        assertEquals("bar", render("{{ TrimPrefix .a \"foo\" }}", "a", "foobar"));
        assertEquals("foo", render("{{ TrimSuffix .a \"bar\" }}", "a", "foobar"));
        assertEquals("a b", render("{{ TrimSpace .a }}", "a", " \t a b \n"));
    }

    @Test
    void regexFunctions() {
        assertEquals("b-a", render("{{ regexReplaceAll \"(\\\\w+)-(\\\\w+)\" .a \"${2}-${1}\" }}", "a", "a-b"));
        assertEquals("", render("{{ regexReplaceAll \"(a)\" .a \"$1x\" }}", "a", "a"), "$1x names group '1x', which is empty");
        assertEquals("$1", render("{{ regexReplaceAllLiteral \"a\" .a \"$1\" }}", "a", "a"));
        assertEquals("-b-c-", render("{{ regexReplaceAll \"a*\" .a \"-\" }}", "a", "baaac"));
        assertEquals("3", renderLine("{{ __line__ | count \"o\" }}", "foo bo"));
        assertEquals("0", renderLine("{{ count \"z\" __line__ }}", "foo"));
    }

    @Test
    void urlFunctions() {
        assertEquals("a+b%26c%3D%C3%A9", render("{{ urlencode .a }}", "a", "a b&c=é"));
        assertEquals("a b&c=é", render("{{ urldecode .a }}", "a", "a+b%26c%3D%C3%A9"));
        assertTrue(execError("{{ urldecode .a }}", "a", "%zz").endsWith("error calling urldecode: invalid URL escape \"%zz\""));
        assertEquals("a+b", render("{{ urlquery \"a b\" }}"));
    }

    @Test
    void alignment() {
        assertEquals("ab   |", render("{{ alignLeft 5 .a }}|", "a", "ab"));
        assertEquals("   ab|", render("{{ alignRight 5 .a }}|", "a", "ab"));
        assertEquals("abc|", render("{{ alignLeft 3 .a }}|", "a", "abcdef"));
        assertEquals("def|", render("{{ alignRight 3 .a }}|", "a", "abcdef"));
    }

    @Test
    void sprigStringFunctionsTakeTheSubjectLast() {
        assertEquals("aGVsbG8=", render("{{ b64enc .a }}", "a", "hello"));
        assertEquals("hello", render("{{ b64dec .a }}", "a", "aGVsbG8="));
        assertTrue(render("{{ b64dec .a }}", "a", "aGVsbG8").startsWith("illegal base64 data"), "sprig returns the error text");
        assertEquals("ab", render("{{ .a | lower }}", "a", "AB"));
        assertEquals("AB", render("{{ .a | upper }}", "a", "ab"));
        assertEquals("Hello World-Wide", render("{{ title .a }}", "a", "hello world-wide"));
        assertEquals("hel", render("{{ trunc 3 .a }}", "a", "hello"));
        assertEquals("llo", render("{{ trunc -3 .a }}", "a", "hello"));
        assertEquals("ell", render("{{ substr 1 4 .a }}", "a", "hello"));
        assertEquals("ello", render("{{ substr 1 99 .a }}", "a", "hello"));
        assertEquals("true false", render("{{ contains \"ell\" .a }} {{ hasPrefix \"x\" .a }}", "a", "hello"));
        assertEquals("true", render("{{ hasSuffix \"lo\" .a }}", "a", "hello"));
        assertEquals("  a\n  b", render("{{ indent 2 .a }}", "a", "a\nb"));
        assertEquals("\n  a", render("{{ nindent 2 .a }}", "a", "a"));
        assertEquals("h-ll-", render("{{ replace \"e\" \"-\" .a | replace \"o\" \"-\" }}", "a", "hello"));
        assertEquals("ababab", render("{{ repeat 3 .a }}", "a", "ab"));
        assertEquals("x", render("{{ trim .a }}", "a", "  x "));
        assertEquals("x", render("{{ trimAll \"$\" .a }}", "a", "$$x$"));
        assertEquals("x", render("{{ trimPrefix \"-\" .a | trimSuffix \"-\" }}", "a", "-x-"));
    }

    @Test
    void defaultPicksTheFallbackForEmptyValues() {
        assertEquals("none", render("{{ .missing | default \"none\" }}"));
        assertEquals("api", render("{{ .app | default \"none\" }}", "app", "api"));
        assertEquals("none", render("{{ default \"none\" 0 }}"));
        assertEquals("none", render("{{ default \"none\" }}"), "the value is optional in sprig");
    }

    @Test
    void integerMathConvertsStringsLikeCast() {
        assertEquals("6", render("{{ add .a 2 3 }}", "a", "1"));
        assertEquals("7", render("{{ sub .a 3 }}", "a", "10"));
        assertEquals("24", render("{{ mul .a 3 4 }}", "a", "2"));
        assertEquals("3", render("{{ div .a 3 }}", "a", "10"));
        assertEquals("1", render("{{ mod .a 3 }}", "a", "10"));
        assertEquals("9 2", render("{{ max .a 9 2 }} {{ min .a 9 2 }}", "a", "5"));
        assertEquals("0", render("{{ add .a 0 }}", "a", "not a number"));
        assertEquals("12", render("{{ int .a }}", "a", "12.0"));
        assertEquals("16", render("{{ int .a }}", "a", "0x10"));
        assertEquals("1.5", render("{{ float64 .a }}", "a", "1.5"));
    }

    @Test
    void floatMath() {
        assertEquals("3.5", render("{{ addf .a 2 }}", "a", "1.5"));
        assertEquals("-0.5", render("{{ subf .a 2 }}", "a", "1.5"));
        assertEquals("3", render("{{ mulf .a 2 }}", "a", "1.5"));
        assertEquals("0.75", render("{{ divf .a 2 }}", "a", "1.5"));
        assertEquals("2.5 1.5", render("{{ maxf .a 2.5 }} {{ minf .a 2.5 }}", "a", "1.5"));
        assertEquals("2 1", render("{{ ceil .a }} {{ floor .a }}", "a", "1.5"));
        assertEquals("3.14", render("{{ round .a 2 }}", "a", "3.14159"));
        assertEquals("3.142", render("{{ round .a 3 }}", "a", "3.14159"));
    }

    @Test
    void comparisons() {
        assertEquals("true", render("{{ eq .a \"x\" \"y\" \"a\" }}", "a", "a"));
        assertEquals("true false", render("{{ ne .a \"b\" }} {{ ne .a \"a\" }}", "a", "a"));
        assertEquals("true true false false", render("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge 1 2 }}"));
        assertEquals("true", render("{{ lt .a .b }}", "a", "abc", "b", "abd"));
        assertEquals("true", render("{{ gt (int .a) 100 }}", "a", "500"));
    }

    @Test
    void lenIndexSlice() {
        assertEquals("5 2", render("{{ len .a }} {{ len . }}", "a", "héll", "b", "x"), "len counts UTF-8 bytes");
        assertEquals("b", render("{{ index . \"k\" }}", "k", "b"));
        assertEquals("y", render("{{ index (fromJson .j) 1 }}", "j", "[\"x\",\"y\"]"));
        assertEquals("ell", render("{{ slice .a 1 4 }}", "a", "hello"));
    }

    @Test
    void escapingBuiltins() {
        assertEquals("&lt;a href=&#34;x&#34;&gt;&amp;", render("{{ html .a }}", "a", "<a href=\"x\">&"));
        assertEquals("\\u003Cb\\u003E \\'q\\'", render("{{ js .a }}", "a", "<b> 'q'"));
    }

    @Test
    void unitConversions() {
        assertEquals("1500", render("{{ bytes .a }}", "a", "1.5KB"));
        assertEquals("1536", render("{{ bytes .a }}", "a", "1.5 KiB"));
        assertEquals("90.5", render("{{ duration .a }}", "a", "1m30.5s"));
        assertEquals("0.25", render("{{ duration_seconds .a }}", "a", "250ms"));
        assertTrue(execError("{{ duration .a }}", "a", "12").endsWith("time: missing unit in duration \"12\""));
        assertTrue(execError("{{ bytes .a }}", "a", "12 parsecs").endsWith("unhandled size name: parsecs"));
    }

    @Test
    void lineAndTimestamp() {
        assertEquals("the log line", render("{{ __line__ }}"));
        assertEquals("2023-11-14 22:13:20.123456789 +0000 UTC", render("{{ __timestamp__ }}"));
        assertEquals("2023-11-14T22:13:20.123Z", render("{{ __timestamp__ | date \"2006-01-02T15:04:05.000Z07:00\" }}"));
        assertEquals("1700000000123", render("{{ __timestamp__ | unixEpochMillis }}"));
        assertEquals("1700000000123456789", render("{{ __timestamp__ | unixEpochNanos }}"));
        assertEquals("1700000000", render("{{ __timestamp__ | unixEpoch }}"));
        assertEquals("1700000000", render("{{ (__timestamp__).Unix }}"));
    }

    @Test
    void dateLayouts() {
        String t = "{{ date \"Mon Jan _2 03:04:05 PM 2006 -07:00 MST .999\" __timestamp__ }}";
        assertEquals("Tue Nov 14 10:13:20 PM 2023 +00:00 UTC .123", render(t));
        assertEquals("14/11/23 22h13", render("{{ __timestamp__ | date \"02/01/06 15h04\" }}"));
    }

    @Test
    void parsingDates() {
        assertEquals("1700000000", render("{{ toDate \"2006-01-02 15:04:05\" .d | unixEpoch }}", "d", "2023-11-14 22:13:20"));
        assertEquals("2023-11-14 17:13:20 -0500 EST",
                render("{{ toDateInZone \"2006-01-02 15:04:05\" \"America/New_York\" .d }}", "d", "2023-11-14 17:13:20"));
        assertEquals("0001-01-01 00:00:00 +0000 UTC", render("{{ toDate \"2006-01-02\" .d }}", "d", "garbage"));
        assertEquals("2023-11-14T22:13:20.5Z", render("{{ toDate \"2006-01-02T15:04:05Z07:00\" .d | date \"2006-01-02T15:04:05.999999999Z07:00\" }}",
                "d", "2023-11-14T23:13:20.5+01:00"));
    }

    @Test
    void unixToTimeGuessesTheUnitFromTheDigits() {
        assertEquals("2023-11-14", render("{{ unixToTime .a | date \"2006-01-02\" }}", "a", "1700000000"));
        assertEquals("2023-11-14", render("{{ unixToTime .a | date \"2006-01-02\" }}", "a", "1700000000123"));
        assertEquals("2023-11-14", render("{{ unixToTime .a | date \"2006-01-02\" }}", "a", "19675"));
        assertTrue(execError("{{ unixToTime .a }}", "a", "abc").contains("unable to parse time 'abc'"));
    }

    @Test
    void fromJsonDecodesNumbersAsFloats() {
        assertEquals("map[a:1 b:[x true <nil>]]", render("{{ fromJson .j }}", "j", "{\"b\":[\"x\",true,null],\"a\":1}"));
        assertEquals("<no value>", render("{{ fromJson .j }}", "j", "{broken"));
    }

    @Test
    void wrongArgumentTypesFailLikeGo() {
        assertTrue(execError("{{ ToUpper 5 }}").endsWith("expected string; found 5"));
        assertTrue(execError("{{ $x := 5 }}{{ ToUpper $x }}").endsWith("wrong type for value; expected string; got int"));
        assertTrue(execError("{{ date \"2006\" }}").endsWith("wrong number of args for date: want 2 got 1"));
    }

    @Test
    void lokiDocsTimeExamples() {
        assertEquals("1672567200123000000",
                render("{{ toDateInZone \"2006-01-02T15:04:05.999999999Z\" \"UTC\" .d | unixEpochNanos }}", "d", "2023-01-01T10:00:00.123Z"));
        assertEquals("2023-11-14T22:13:20.12Z+00:00", render("{{ __timestamp__ | date \"2006-01-02T15:04:05.00Z-07:00\" }}"));
        assertEquals("5xx", render("{{ if gt (.status | int) 499 }}5xx{{ else }}ok{{ end }}", "status", "503"));
    }
}
