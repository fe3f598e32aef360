package dev.sigyn.logql.syntax;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.logql.FuzzOracle;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.compile.SampleExtractors;
import dev.sigyn.logql.engine.LabelReplace;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing (Jazzer) of the LogQL parser as the querier uses it: {@link Parser#parseExpr}, then the
 * compilation the querier does before it reads anything (the log pipeline of a log query and of each range
 * aggregation, label_replace's regex). The clean outcomes are a query and {@link ParseException},
 * {@link PatternSyntaxException} or {@link LimitExceededException} (each a 400). Any other exception or error, an input
 * that takes seconds, or an allocation far beyond the input is a finding ({@link FuzzOracle}); so is a query whose
 * printed form ({@link Printer}, and {@link Prettifier} as format_query answers, unless it refuses a query that would
 * format longer than the parser accepts) does not parse back to the same query.
 *
 * <p>An input is the query in UTF-8. The corpus is in
 * {@code src/test/resources/dev/sigyn/logql/syntax/QueryFuzzTestInputs/parse/}. {@code ./mvnw verify} replays it and
 * then fuzzes for a short while (the root pom's "fuzz" execution). To fuzz longer:
 * {@code ./mvnw -pl logql -am verify -Dtest=QueryFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsigyn.fuzz.duration=10m}. A finding fails the test and shows its input; libFuzzer saves it in
 * {@code logql/target/fuzz/crash-<sha1>}, and copied into the corpus folder it is replayed by every build.
 */
class QueryFuzzTest {
    /** What one run may allocate besides its shares below. */
    private static final long FIXED_ALLOWANCE = 1 << 20;
    /** A syntax tree costs one or two objects per character of the query, and printing it twice as much again. */
    private static final long PER_INPUT_BYTE = 512;
    /**
     * Regexes are compiled while parsing, and a counted repetition copies what it repeats up to 1000 times (Go's
     * limit, which Loki has): one character of regex may legitimately become 1000 instructions of about 320 bytes
     * each in RE2/J, up to Go's largest program (128 MiB of 40-byte instructions) per regex.
     */
    private static final long REGEX_BYTES_PER_INPUT_BYTE = 1000 * 320;
    private static final long LARGEST_REGEX_BYTES = (128L << 20) / 40 * 320;

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        String query = new String(input, StandardCharsets.UTF_8);
        long budget = FIXED_ALLOWANCE + PER_INPUT_BYTE * input.length
                + Math.min(LARGEST_REGEX_BYTES, REGEX_BYTES_PER_INPUT_BYTE * input.length);
        FuzzOracle.check(input, budget, () -> parseOnce(query));
    }

    private static void parseOnce(String query) {
        Expr expr;
        try {
            expr = Parser.parseExpr(query);
            compile(expr);
        } catch (ParseException | PatternSyntaxException | LimitExceededException e) {
            return; // a 400
        }
        String printed = Printer.print(expr);
        assertEquals(expr, Parser.parseExpr(printed), () -> "printed as " + printed);
        String pretty;
        try {
            pretty = Prettifier.pretty(expr);
        } catch (LimitExceededException e) {
            return; // format_query's 400: the formatted query would be longer than the parser accepts
        }
        assertEquals(expr, Parser.parseExpr(pretty), () -> "prettified as " + pretty);
    }

    /** What the querier compiles before it reads data; throws ParseException (a 400) for what does not compile. */
    private static void compile(Expr expr) {
        switch (expr) {
            case LogSelectorExpr log -> PipelineCompiler.compile(log);
            case RangeAggregationExpr range -> SampleExtractors.of(range);
            case VectorAggregationExpr vector -> compile(vector.inner());
            case BinaryOpExpr binary -> {
                compile(binary.lhs());
                compile(binary.rhs());
            }
            case LabelReplaceExpr replace -> {
                compile(replace.inner());
                new LabelReplace(replace.destination(), replace.replacement(), replace.source(), replace.regex());
            }
            case LiteralExpr literal -> { }
            case VectorExpr vector -> { }
        }
    }
}
