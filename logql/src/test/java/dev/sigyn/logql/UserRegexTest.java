package dev.sigyn.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.logql.engine.LabelReplace;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.template.Template;
import dev.sigyn.logql.template.TemplateContext;
import dev.sigyn.logql.template.TemplateExecutionException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regexes that a query writes are refused as Go's regexp/syntax refuses them, before RE2/J expands them: a program
 * over 3,355,443 instructions, nesting deeper than 1000, nested counted repetitions over 1000 copies in all.
 */
class UserRegexTest {
    /** A regex of Go's program size 1000 * units: each {@code .} is one instruction, repeated 1000 times. */
    private static String thousandTimes(int units) {
        return "(?:" + ".".repeat(units) + "){1000}";
    }

    private static final java.time.Duration PROMPTLY = java.time.Duration.ofSeconds(10);

    @Test
    void caseInsensitiveRegexesOfRunesNewerThanRe2jsTablesCompileAndFoldAsInGo() {
        // U+1C80 (ᲀ) is a variant of в: on this JDK RE2/J followed its case orbit for ever.
        assertTimeoutPreemptively(PROMPTLY, () -> {
            Pattern rounded = UserRegex.compile("(?i)\u1c80");
            assertTrue(rounded.matcher("В").find() && rounded.matcher("в").find() && rounded.matcher("\u1c80").find());
            assertTrue(UserRegex.compile("(?i)в").matcher("\u1c80").find(), "в folds to ᲀ as in Go");
            for (int r = 0x1c80; r <= 0x1c88; r++) {
                String rune = new String(Character.toChars(r));
                assertTrue(UserRegex.compile("(?i)" + rune).matcher(rune).find());
                assertTrue(UserRegex.compile("(?i)[" + rune + "-\u1c8f]").matcher(rune).find());
            }
            assertTrue(Parser.parseExpr("{app=\"web\"} |~ \"(?i)\u1c80\"") != null);
        });
    }

    @Test
    void aProgramJustUnderGosLimitCompilesAndJustOverIsTooLarge() {
        // 3355 * 1000 = 3,355,000 instructions <= (128 << 20) / 40 = 3,355,443 < 3356 * 1000
        Pattern under = UserRegex.compile(thousandTimes(3355));
        assertTrue(under.programSize() > 3_000_000, "RE2/J compiled the whole program: " + under.programSize());

        String over = thousandTimes(3356);
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> UserRegex.compile(over));
        assertEquals("error parsing regexp: expression too large: `" + over + "`", e.getMessage());
    }

    @Test
    void nestedCountedRepetitionIsRefusedBeforeRe2jExpandsIt() {
        PatternSyntaxException e = assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(PatternSyntaxException.class, () -> UserRegex.compile("((a{1000}){1000}){1000}")));
        // Go checks the copies a repetition makes as soon as it is parsed: (a{1000}){1000} already makes a million.
        assertEquals("error parsing regexp: invalid repeat count: `{1000}`", e.getMessage());
        assertThrows(PatternSyntaxException.class, () -> UserRegex.compile("(a{100}){100}"));
        assertThrows(PatternSyntaxException.class, () -> UserRegex.compile("(?:(?:a{10}){10}){11}"));
    }

    @Test
    void modestNestedRepetitionsKeepWorking() {
        assertTrue(UserRegex.compile("(a{20}){20}").matcher("a".repeat(400)).matches());
        assertTrue(UserRegex.compile("(?:(?:a{10}){10}){10}").matcher("a".repeat(1000)).matches());
        assertTrue(UserRegex.compile("x{2,1000}").matcher("xx").matches());
        assertTrue(UserRegex.compile("(?:ab){0,1000}c*").matcher("ababcc").matches());
    }

    @Test
    void nestingDeeperThan1000IsRefused() {
        assertTrue(UserRegex.compile("(".repeat(999) + "a" + ")".repeat(999)).matcher("a").matches());
        String tooDeep = "(".repeat(1000) + "a" + ")".repeat(1000);
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> UserRegex.compile(tooDeep));
        assertEquals("error parsing regexp: expression nests too deeply: `" + tooDeep + "`", e.getMessage());
        // Deeper than a worker thread's stack would allow to walk recursively.
        String veryDeep = "(".repeat(20_000) + ")".repeat(20_000);
        assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(PatternSyntaxException.class, () -> UserRegex.compile(veryDeep)));
    }

    @Test
    void tooManyRunesInClassesIsTooLarge() {
        // In RE2/J's tables each \pL holds 870 runes (435 ranges); Go allows 32 Mi runes in all.
        String letters = "\\pL".repeat(39_000);
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> UserRegex.compile(letters));
        assertTrue(e.getMessage().startsWith("error parsing regexp: expression too large: `\\pL\\pL"), e.getMessage());
    }

    @Test
    void syntaxErrorsReadAsBefore() {
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> UserRegex.compile("a(b"));
        assertEquals("error parsing regexp: missing closing ): `a(b`", e.getMessage());
        assertThrows(PatternSyntaxException.class, () -> UserRegex.compile("a{1001}"));
    }

    @Test
    void flagsAreMeasuredAsCompiled() {
        assertTrue(UserRegex.compile("^(?:A.B)$", Pattern.DOTALL | Pattern.CASE_INSENSITIVE).matcher("a\nb").matches());
        assertThrows(PatternSyntaxException.class, () -> UserRegex.compile(thousandTimes(3356), Pattern.DOTALL));
    }

    // ---- every place a query writes a regex ---------------------------------------------------------------------

    private static final String NESTED = "((a{1000}){1000}){1000}";

    private static String parseError(String query) {
        return assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(ParseException.class, () -> Parser.parseExpr(query))).getMessage();
    }

    @Test
    void selectorMatchersAreChecked() {
        assertTrue(parseError("{app=~\"" + NESTED + "\"}").contains("error parsing regexp: invalid repeat count"));
        assertTrue(parseError("{app=\"x\", env!~\"" + thousandTimes(3356) + "\"}")
                .contains("error parsing regexp: expression too large"));
    }

    @Test
    void lineFiltersAreChecked() {
        assertTrue(parseError("{app=\"x\"} |~ \"" + NESTED + "\"").contains("invalid repeat count"));
        assertTrue(parseError("{app=\"x\"} !~ \"" + thousandTimes(3356) + "\"").contains("expression too large"));
        assertTrue(parseError("{app=\"x\"} |~ \"ok\" or \"" + NESTED + "\"").contains("invalid repeat count"));
    }

    @Test
    void labelFiltersAreChecked() {
        assertTrue(parseError("{app=\"x\"} | logfmt | level=~\"" + NESTED + "\"").contains("invalid repeat count"));
        assertTrue(parseError("{app=\"x\"} | level!~\"" + thousandTimes(3356) + "\"").contains("expression too large"));
    }

    @Test
    void theRegexpParserIsChecked() {
        assertTrue(parseError("{app=\"x\"} | regexp \"(?P<a>" + NESTED + ")\"").contains("invalid repeat count"));
        assertTrue(parseError("{app=\"x\"} | regexp \"(?P<a>" + thousandTimes(3356) + ")\"")
                .contains("expression too large"));
    }

    @Test
    void labelReplaceIsChecked() {
        String query = "label_replace(rate({app=\"x\"}[1m]), \"d\", \"$1\", \"app\", \"" + NESTED + "\")";
        assertTrue(parseError(query).contains("invalid repeat count"));
        assertThrows(IllegalArgumentException.class, () -> new LabelReplace("d", "$1", "app", thousandTimes(3356)));
    }

    @Test
    void templateRegexFunctionsFailTheLineLikeGo() throws Exception {
        Template t = Template.parse("{{ regexReplaceAll \"" + NESTED + "\" .__line__ \"x\" }}");
        TemplateExecutionException e = assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(
                TemplateExecutionException.class, () -> t.execute(TemplateContext.of(Map.of(), "aaa", 0))));
        assertTrue(e.getMessage().contains("error parsing regexp: invalid repeat count: `{1000}`"), e.getMessage());
    }
}
