package dev.sigyn.logql.template;

import static dev.sigyn.logql.template.TemplateTestSupport.render;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoFormatterTest {

    private static String f(String format, Object... args) {
        return GoFormatter.sprintf(format, args, Long.MAX_VALUE);
    }

    @Test
    void defaultFormattingOfFloatsIsGoShortest() {
        assertEquals("1.5", render("{{ 1.5 }}"));
        assertEquals("3", render("{{ 3.0 }}"));
        assertEquals("3", render("{{ divf 6 2 }}"));
        assertEquals("0.3", render("{{ addf 0.1 0.2 }}"), "sprig adds in decimal");
        assertEquals("1e+06", f("%v", 1_000_000.0));
        assertEquals("123456", f("%v", 123456.0));
        assertEquals("1.234567e+06", f("%v", 1_234_567.0));
        assertEquals("1e-05", f("%v", 0.00001));
        assertEquals("0.0001", f("%v", 0.0001));
        assertEquals("-2.5", f("%v", -2.5));
        assertEquals("+Inf NaN", f("%v %v", Double.POSITIVE_INFINITY, Double.NaN));
    }

    @Test
    void floatVerbs() {
        assertEquals("3.141593", f("%f", Math.PI));
        assertEquals("3.14", f("%.2f", Math.PI));
        assertEquals("  3.14", f("%6.2f", Math.PI));
        assertEquals("003.14", f("%06.2f", Math.PI));
        assertEquals("-03.14", f("%06.2f", -Math.PI));
        assertEquals("+3.1", f("%+.1f", Math.PI));
        assertEquals("3.141593e+00", f("%e", Math.PI));
        assertEquals("1.23E+05", f("%.2E", 123456.0));
        assertEquals("3.14159", f("%g", 3.14159));
        assertEquals("3.1", f("%.2g", 3.14159));
        assertEquals("1e+02", f("%.1g", 123.0));
        assertEquals("2", f("%.0f", 2.5), "Go rounds half to even");
        assertEquals("0.12", f("%.2f", 0.125));
    }

    @Test
    void integerVerbs() {
        assertEquals("42", f("%d", 42L));
        assertEquals("   42|42   |00042", f("%5d|%-5d|%05d", 42L, 42L, 42L));
        assertEquals("-0042", f("%05d", -42L));
        assertEquals("+42", f("%+d", 42L));
        assertEquals("ff FF 0xff", f("%x %X %#x", 255L, 255L, 255L));
        assertEquals("17 0o17 1010", f("%o %O %b", 15L, 15L, 10L));
        assertEquals("A 'A' U+0041", f("%c %q %U", 65L, 65L, 65L));
        assertEquals("007", f("%.3d", 7L));
    }

    @Test
    void stringAndBoolVerbs() {
        assertEquals("hi", f("%s", "hi"));
        assertEquals("\"a\\\"b\\n\"", f("%q", "a\"b\n"));
        assertEquals("6869", f("%x", "hi"));
        assertEquals("  hi|hi  ", f("%4s|%-4s", "hi", "hi"));
        assertEquals("ab", f("%.2s", "abc"));
        assertEquals("true", f("%t", true));
        assertEquals("%", f("%%"));
        assertEquals("[a b]", f("%v", java.util.List.of("a", "b")));
    }

    @Test
    void mistakesAreReportedInline() {
        assertEquals("%!d(string=5)", f("%d", "5"));
        assertEquals("%!s(MISSING)", f("%s"));
        assertEquals("a%!(EXTRA string=b)", f("a", "b"));
        assertEquals("%!f(int=3)", f("%f", 3L));
        assertEquals("%!(NOVERB)", f("%"));
    }

    @Test
    void printfInTemplatesSeesLabelsAsStrings() {
        assertEquals("%!d(string=200)", render("{{ printf \"%d\" .status }}", "status", "200"));
        assertEquals("200", render("{{ printf \"%d\" (int .status) }}", "status", "200"));
        assertEquals("0.50", render("{{ printf \"%.2f\" (float64 .r) }}", "r", "0.5"));
        assertEquals("\"api\"", render("{{ printf \"%q\" .app }}", "app", "api"));
    }

    @Test
    void printAndPrintlnSpacing() {
        assertEquals("a1 2b", render("{{ print \"a\" 1 2 \"b\" }}"));
        assertEquals("a 1 2 b\n", render("{{ println \"a\" 1 2 \"b\" }}"));
    }
}
