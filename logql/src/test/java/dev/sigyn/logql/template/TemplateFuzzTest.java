package dev.sigyn.logql.template;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sigyn.logql.FuzzOracle;
import dev.sigyn.logql.LimitExceededException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the template engine behind {@code line_format} and {@code label_format}: a
 * template is parsed and rendered for a line and labels, all chosen by the fuzzer. The clean outcomes are an output,
 * {@link TemplateException} (which includes {@link TemplateExecutionException}) and {@link LimitExceededException};
 * any other exception or error, an input that takes seconds, or an allocation far beyond the input and the output
 * {@link TemplateLimits} allows, is a finding ({@link FuzzOracle}).
 *
 * <p>An input is UTF-8 text: the template, then optionally {@code NUL} and the log line, then {@code NUL} and
 * {@code name=value} for each label. The corpus is in
 * {@code src/test/resources/dev/sigyn/logql/template/TemplateFuzzTestInputs/render/}. {@code ./mvnw verify} replays it
 * and then fuzzes for a short while (the root pom's "fuzz" execution). To fuzz longer:
 * {@code ./mvnw -pl logql -am verify -Dtest=TemplateFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsigyn.fuzz.duration=10m}. A finding fails the test and shows its input; libFuzzer saves it in
 * {@code logql/target/fuzz/crash-<sha1>}, and copied into the corpus folder it is replayed by every build.
 */
class TemplateFuzzTest {
    private static final long TIMESTAMP = 1_700_000_000_123_456_789L;
    /** What one run may allocate besides its share per input byte: buffers, small tables, lambdas. */
    private static final long FIXED_ALLOWANCE = 1 << 20;
    /** Allocation per input byte that is never suspicious. */
    private static final long PER_INPUT_BYTE = 64;
    /**
     * How many strings of the longest length {@link TemplateLimits} allows (2 bytes a char) one run may build: the
     * output with its growth and final copy, and a few values of that length on the way.
     */
    private static final long LONGEST_STRINGS = 8;

    @FuzzTest(maxDuration = "10m")
    void render(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\0", -1);
        String text = parts[0];
        String line = parts.length > 1 ? parts[1] : "";
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            labels.put(eq < 0 ? parts[i] : parts[i].substring(0, eq), eq < 0 ? "" : parts[i].substring(eq + 1));
        }
        long budget = FIXED_ALLOWANCE + PER_INPUT_BYTE * input.length
                + LONGEST_STRINGS * 2 * TemplateLimits.maxLength(line);
        FuzzOracle.check(input, budget, () -> renderOnce(text, line, labels));
    }

    private static void renderOnce(String text, String line, Map<String, String> labels) {
        Template template;
        try {
            template = Template.parse(text);
        } catch (TemplateException e) {
            return;
        }
        template.fieldNames();
        template.singleLabel();
        try {
            template.execute(TemplateContext.of(labels, line, TIMESTAMP));
        } catch (TemplateException | LimitExceededException e) {
            // clean: the line gets __error__, or the query a 400
        }
    }
}
