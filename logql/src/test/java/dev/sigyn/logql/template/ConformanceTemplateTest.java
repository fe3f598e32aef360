package dev.sigyn.logql.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Corpus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the line_format / label_format queries of the conformance corpus (answers of a real Loki 2.9.8):
 * each returned entry's labels and original line go through our template and must give Loki's output.
 */
class ConformanceTemplateTest {
    // Test-only parsing of our own fixed corpus queries, not user input.
    private static final Pattern LINE_FORMAT = Pattern.compile("\\| line_format (\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)$");
    private static final Pattern LABEL_FORMAT = Pattern.compile("\\| label_format (\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)$");

    @Test
    void lineAndLabelTemplatesMatchLoki() throws TemplateException {
        Map<String, String> linesByTimestamp = originalLines();
        int checkedEntries = 0;
        int checkedCases = 0;
        for (Map<String, Object> c : Corpus.cases()) {
            String query = String.valueOf(((Map<?, ?>) c.get("params")).get("query"));
            Map<?, ?> expect = (Map<?, ?>) c.get("expect");
            Matcher line = LINE_FORMAT.matcher(query);
            Matcher label = LABEL_FORMAT.matcher(query);
            String literal = line.find() ? line.group(1) : label.find() ? label.group(2) : null;
            if (literal == null) continue;
            String target = line.find(0) ? null : label.group(1);
            String source = Quoting.unquote(literal);
            if (!Integer.valueOf(200).equals(((Number) expect.get("status")).intValue())) {
                assertThrows(TemplateException.class, () -> Template.parse(source), query);
                checkedCases++;
                continue;
            }
            Template template = Template.parse(target == null ? "line" : "label", source);
            if (target != null && template.fieldNames().contains(target)) continue; // input value was overwritten
            checkedCases++;
            for (Object r : (List<?>) expect.get("result")) {
                Map<?, ?> stream = (Map<?, ?>) ((Map<?, ?>) r).get("stream");
                Map<String, String> labels = new LinkedHashMap<>();
                stream.forEach((k, v) -> labels.put((String) k, (String) v));
                String expectedLabel = target == null ? null : labels.remove(target);
                for (Object v : (List<?>) ((Map<?, ?>) r).get("values")) {
                    List<?> pair = (List<?>) v;
                    String ts = (String) pair.get(0);
                    String original = linesByTimestamp.get(ts);
                    String out = template.execute(TemplateContext.of(labels, original, Long.parseLong(ts)));
                    assertEquals(target == null ? pair.get(1) : expectedLabel, out, query + " at " + ts);
                    checkedEntries++;
                }
            }
        }
        assertTrue(checkedCases >= 12, "cases checked: " + checkedCases);
        assertTrue(checkedEntries > 500, "entries checked: " + checkedEntries);
    }

    private static Map<String, String> originalLines() {
        Map<String, String> lines = new HashMap<>();
        Map<?, ?> tenants = (Map<?, ?>) Corpus.dataset().get("tenants");
        for (Object streams : tenants.values()) {
            for (Object s : (List<?>) streams) {
                for (Object v : (List<?>) ((Map<?, ?>) s).get("values")) {
                    List<?> pair = (List<?>) v;
                    lines.put((String) pair.get(0), (String) pair.get(1));
                }
            }
        }
        return lines;
    }
}
