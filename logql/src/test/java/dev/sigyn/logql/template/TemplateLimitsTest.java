package dev.sigyn.logql.template;

import static dev.sigyn.logql.template.TemplateTestSupport.renderLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.logql.LimitExceededException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No value a template computes, and not its output, may be longer than the formatted line plus 1 MiB: the query
 * fails with {@link LimitExceededException} (a 400) before the string is built, rather than the server running out
 * of heap, and not as a per-line template error.
 */
class TemplateLimitsTest {
    private static final int MIB = 1 << 20;
    private static final String LINE = "a log line of 32 characters, ok.";

    /** The message of the failure of {@code template} on {@code line}, which must come promptly. */
    private static String exceeded(String template, String line) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(LimitExceededException.class,
                () -> Template.parse(template).execute(TemplateContext.of(Map.of(), line, 0)))).getMessage();
    }

    private static String exceeded(String template) {
        return exceeded(template, LINE);
    }

    @Test
    void nestedRangesThatWriteNothingStopAtTheStepLimit() throws TemplateException {
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 10; i++) labels.put("l" + i, "v");
        String nested = "{{range $}}".repeat(8) + "{{end}}".repeat(8);
        String message = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(LimitExceededException.class,
                () -> Template.parse(nested).execute(TemplateContext.of(labels, LINE, 0)))).getMessage();
        assertEquals("line_format template runs more than " + (100_000 + LINE.length() / 4) + " steps for one line", message);
        assertEquals("v v ", Template.parse("{{range $k, $v := $}}{{if eq $k \"l0\" \"l1\"}}{{$v}} {{end}}{{end}}")
                .execute(TemplateContext.of(labels, LINE, 0)), "ordinary iteration over labels is untouched");
    }

    @Test
    void callsInsideNestedRangesCountTheStringsTheyBuild() throws TemplateException {
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 10; i++) labels.put("l" + i, "v");
        String line = "x".repeat(10_000);
        // A thousand calls that each copy the line write nothing, yet would copy 10^7 characters.
        String nested = "{{range $}}".repeat(3) + "{{ $copy := trim __line__ }}" + "{{end}}".repeat(3);
        String message = assertThrows(LimitExceededException.class,
                () -> Template.parse(nested).execute(TemplateContext.of(labels, line, 0))).getMessage();
        assertEquals("line_format template runs more than " + (100_000 + line.length() / 4) + " steps for one line", message);

        String built = assertThrows(LimitExceededException.class, () -> Template.parse(
                "{{ $x := repeat 1000000 \"x\" }}".repeat(5)).execute(TemplateContext.of(labels, LINE, 0))).getMessage();
        assertEquals("line_format template functions return more than " + 4 * (LINE.length() + MIB)
                + " characters for one line", built);
        assertEquals("", Template.parse("{{ $x := repeat 1000000 \"x\" }}".repeat(4))
                .execute(TemplateContext.of(labels, LINE, 0)), "four values of the longest length are fine");

        String big = " " + "y".repeat(1 << 20) + " ";
        assertEquals(big.trim().toUpperCase(), Template.parse("{{ __line__ | trim | upper | lower | upper }}")
                .execute(TemplateContext.of(labels, big, 0)), "calls on a long line are not limited by its length");
    }

    @Test
    void parenthesesNestedBeyondTheLimitAreAParseErrorNotACrash() {
        int limit = Parser.MAX_PAREN_DEPTH;
        assertEquals("x", renderLine("{{" + "(".repeat(limit) + "\"x\"" + ")".repeat(limit) + "}}", LINE));
        String message = TemplateTestSupport.parseError("{{" + "(".repeat(5_000) + "\"x\"" + ")".repeat(5_000) + "}}");
        assertTrue(message.endsWith("max expression depth exceeded"), message);
    }

    @Test
    void theMessageNamesTheLimitAndTheFunction() throws TemplateException {
        assertEquals("line_format template output exceeds the formatted line's length plus 1 MiB (in repeat)",
                exceeded("{{ repeat 100000 __line__ }}"));
        Template labelTemplate = Template.parse("label", "{{ repeat 100000 __line__ }}");
        String label = assertThrows(LimitExceededException.class,
                () -> labelTemplate.execute(TemplateContext.of(Map.of(), LINE, 0))).getMessage();
        assertEquals("label_format template output exceeds the formatted line's length plus 1 MiB (in repeat)", label);
    }

    @Test
    void repeatIsBoundedBeforeItAllocates() {
        int longest = LINE.length() + MIB;
        assertEquals(longest, renderLine("{{ repeat " + longest + " \"x\" }}", LINE).length());
        exceeded("{{ repeat " + (LINE.length() + MIB + 1) + " \"x\" }}");
        exceeded("{{ repeat 9223372036854775807 \"ab\" }}"); // count times length overflows a long
        assertEquals("", renderLine("{{ repeat 9223372036854775807 \"\" }}", LINE));
        assertEquals(LINE + LINE + LINE, renderLine("{{ repeat 3 __line__ }}", LINE));
    }

    @Test
    void nestedRepeatsAreBoundedAtTheFirstTooLongValue() {
        assertEquals(1_000_000, renderLine("{{ repeat 1000 (repeat 1000 \"x\") }}", LINE).length());
        assertEquals("line_format template output exceeds the formatted line's length plus 1 MiB (in repeat)",
                exceeded("{{ repeat 1000 (repeat 1000 (repeat 1000 \"x\")) }}"));
        exceeded("{{ __line__ | repeat 1000 | repeat 1000 | repeat 1000 }}");
    }

    @Test
    void theLimitGrowsWithTheLine() {
        String longLine = "y".repeat(3 * MIB);
        assertEquals(4 * MIB, renderLine("{{ __line__ }}{{ repeat " + MIB + " \"x\" }}", longLine).length());
        assertEquals(2 * MIB, renderLine("{{ __line__ }}{{ __line__ }}", "y".repeat(MIB)).length());
        exceeded("{{ __line__ }}{{ __line__ }}{{ __line__ }}", "y".repeat(MIB));
    }

    @Test
    void printfWidthsAndPrecisionsAreBounded() {
        assertTrue(exceeded("{{ printf \"%9999999d\" 1 }}").endsWith("(in printf)"));
        exceeded("{{ printf \"%-9999999s\" __line__ }}");
        exceeded("{{ printf \"%09999999d\" 1 }}");
        exceeded("{{ printf \"%.9999999d\" 1 }}");
        exceeded("{{ printf \"%.9999999f\" 1.5 }}");
        exceeded("{{ printf \"%.9999999e\" 1.5 }}");
        exceeded("{{ printf \"%.9999999U\" 65 }}");
        exceeded("{{ printf \"%*d\" 1000000 1 }}{{ printf \"%*d\" 1000000 1 }}"); // each fits, the output does not
        // Go's fmt gives up on widths and precisions of more than seven digits: nothing is built.
        assertEquals("%!(NOVERB)%!(EXTRA int=1)", renderLine("{{ printf \"%999999999d\" 1 }}", LINE));
        assertEquals("%!(NOVERB)%!(EXTRA float64=1.5)", renderLine("{{ printf \"%.999999999f\" 1.5 }}", LINE));
        assertEquals("%!(BADWIDTH)1", renderLine("{{ printf \"%*d\" 1000001 1 }}", LINE));
        assertEquals("%!(BADPREC)1", renderLine("{{ printf \"%.*d\" 1000001 1 }}", LINE));
    }

    @Test
    void printfOfManyDigitsIsExactAndCheap() {
        String expected = new BigDecimal(0.1).setScale(5000, RoundingMode.HALF_EVEN).toPlainString();
        assertEquals(expected, assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> renderLine("{{ printf \"%.5000f\" 0.1 }}", LINE)));
        String digits = new BigDecimal(0.1).setScale(5001, RoundingMode.HALF_EVEN).toPlainString().substring(3);
        assertEquals("1." + digits + "e-01", renderLine("{{ printf \"%.5000e\" 0.1 }}", LINE));
        assertEquals(MIB, renderLine("{{ printf \"%.1048574f\" 0.5 }}", LINE).length());
    }

    @Test
    void indentAndNindentAreBounded() {
        assertTrue(exceeded("{{ indent 9999999 __line__ }}").endsWith("(in indent)"));
        assertTrue(exceeded("{{ nindent 9999999 __line__ }}").endsWith("(in nindent)"));
        exceeded("{{ indent 9223372036854775807 __line__ }}");
        // Every line of the value is indented: 2000 lines times 1000 spaces.
        exceeded("{{ indent 1000 __line__ }}", "\n".repeat(2000));
        assertEquals("  a\n  b", renderLine("{{ indent 2 __line__ }}", "a\nb"));
    }

    @Test
    void alignLeftAndAlignRightAreBounded() {
        assertTrue(exceeded("{{ alignLeft 99999999 __line__ }}").endsWith("(in alignLeft)"));
        assertTrue(exceeded("{{ alignRight 9223372036854775807 __line__ }}").endsWith("(in alignRight)"));
        assertEquals("ab   ", renderLine("{{ alignLeft 5 __line__ }}", "ab"));
    }

    @Test
    void replacingIsBoundedByWhatItWouldBuild() {
        String big = "\"" + "x".repeat(1000) + "\"";
        exceeded("{{ replace \"\" " + big + " __line__ }}", "z".repeat(2000));
        exceeded("{{ Replace __line__ \"z\" " + big + " -1 }}", "z".repeat(2000));
        assertEquals("xzxzx", renderLine("{{ Replace __line__ \"\" \"x\" -1 }}", "zz"));
        assertEquals("xzz", renderLine("{{ Replace __line__ \"\" \"x\" 1 }}", "zz"));
        exceeded("{{ regexReplaceAll \"(.)\" __line__ \"$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1\" }}",
                "q".repeat(100_000));
        exceeded("{{ regexReplaceAllLiteral \".\" __line__ " + big + " }}", "q".repeat(2000));
    }

    @Test
    void printingAndEscapingAreBounded() {
        String line = "&".repeat(300_000);
        exceeded("{{ print __line__ __line__ __line__ __line__ __line__ }}", line);
        exceeded("{{ println __line__ __line__ __line__ __line__ __line__ }}", line);
        exceeded("{{ html (html (html __line__)) }}", line);
        exceeded("{{ js (js (js __line__)) }}", line);
        exceeded("{{ urlquery (urlquery (urlquery __line__)) }}", line);
        exceeded("{{ urlencode (urlencode (urlencode __line__)) }}", line);
        exceeded("{{ b64enc (b64enc (b64enc (b64enc (b64enc (b64enc __line__))))) }}", line);
    }

    @Test
    void outputOfManyActionsIsBounded() {
        String line = "w".repeat(400_000);
        String message = exceeded("{{ __line__ }}{{ __line__ }}{{ __line__ }}{{ __line__ }}", line);
        assertEquals("line_format template output exceeds the formatted line's length plus 1 MiB", message);
        exceeded("{{ range $i, $e := (fromJson \"[1,2,3,4,5,6,7,8,9,10]\") }}{{ __line__ }}{{ end }}", line);
        exceeded("{{ define \"t\" }}{{ __line__ }}{{ __line__ }}{{ end }}{{ template \"t\" }}{{ template \"t\" }}",
                line);
    }

    @Test
    void theLimitIsNotAPerLineTemplateError() throws Exception {
        Template t = Template.parse("{{ repeat 100000 __line__ }}");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> t.execute(TemplateContext.of(Map.of(), LINE, 0)));
        assertEquals(LimitExceededException.class, e.getClass());
    }
}
