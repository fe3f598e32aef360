package dev.sigyn.logql.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Variables bound by the caller, as Prometheus' alert templates read $labels, $value and $externalLabels. */
class TemplateVariablesTest {
    private static final Set<String> ALERT_VARIABLES = Set.of("$labels", "$value");

    private static String render(String text, Map<String, String> labels, double value) throws Exception {
        return Template.parse("alert", text, ALERT_VARIABLES)
                .execute(TemplateContext.of(Map.of(), "", 0), Map.of("$labels", labels, "$value", value));
    }

    @Test
    void labelsAndValueReadAsPrometheusAlertTemplatesDo() throws Exception {
        assertEquals("api is at 0.25", render("{{ $labels.job }} is at {{ $value }}", Map.of("job", "api"), 0.25));
        assertEquals("1e+06", render("{{ $value }}", Map.of(), 1e6));
        assertEquals("2", render("{{ $value }}", Map.of(), 2.0));
    }

    @Test
    void anAbsentLabelReadsEmpty() throws Exception {
        assertEquals("[]", render("[{{ $labels.nope }}]", Map.of("job", "api"), 1));
    }

    @Test
    void labelsCanBeRangedAndIndexed() throws Exception {
        assertEquals("a=1,b=2,", render("{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}",
                Map.of("b", "2", "a", "1"), 0));
        assertEquals("1", render("{{ index $labels \"a\" }}", Map.of("a", "1"), 0));
    }

    @Test
    void aVariableNotDeclaredIsAParseError() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> Template.parse("alert", "{{ $externalLabels.x }}", ALERT_VARIABLES));
        assertTrue(e.getMessage().contains("undefined variable \"$externalLabels\""), e.getMessage());
        assertThrows(TemplateException.class, () -> Template.parse("{{ $labels }}"));
    }

    @Test
    void valuesMustMatchTheDeclaredVariables() throws Exception {
        Template t = Template.parse("alert", "{{ $value }}", ALERT_VARIABLES);
        assertThrows(IllegalArgumentException.class,
                () -> t.execute(TemplateContext.of(Map.of(), "", 0), Map.of("$value", 1.0)));
    }
}
