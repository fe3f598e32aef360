package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** limits_config.redaction as a YAML file writes it: the shape reads into rules, mistakes name the rule. */
class RedactionRulesConfigTest {
    @TempDir
    Path dir;

    private SigynConfig load(String yaml) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(new String[] {"-config.file=" + f}, name -> null).config();
    }

    @Test
    void theDocumentedShapeReadsIntoRulesAndPrintsBackTheSame() throws Exception {
        SigynConfig c = load("""
                limits_config:
                  redaction_hash_secret: s3cr3t-s3cr3t-s3cr3t
                  redaction:
                    - builtin: payment_card
                    - builtin: email
                      action: hash
                      labels: true
                    - name: order_id
                      pattern: 'order-[0-9]{6}'
                      replacement: '[ORDER]'
                """);
        assertEquals(List.of(RedactionRule.builtin("payment_card"),
                RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH).withLabels(true),
                RedactionRule.pattern("order_id", "order-[0-9]{6}", "[ORDER]")), c.limits().redaction());
        assertEquals("s3cr3t-s3cr3t-s3cr3t", c.limits().redactionHashSecret());
        String printed = ConfigYaml.toYaml(c);
        assertTrue(printed.contains("  redaction_hash_secret: '" + Secrets.MASK + "'\n"), printed);
        assertTrue(printed.contains("""
                  redaction:
                    - builtin: payment_card
                    - builtin: email
                      action: hash
                      labels: true
                    - name: order_id
                      pattern: "order-[0-9]{6}"
                      replacement: "[ORDER]"
                """), printed);
    }

    @Test
    void mistakesAreRefusedNamingTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                limits_config:
                  redaction:
                    - builtin: credit_card
                    - pattern: 'x'
                    - name: a
                      pattern: 'b'
                      action: mask
                    - builtin: email
                      replace: '[E]'
                    - builtin: all
                      name: everything
                """));
        String m = e.getMessage();
        for (String expected : List.of(
                "limits_config.redaction[0] (credit_card): unknown builtin credit_card (expected all, private_key,",
                "limits_config.redaction[1]: a pattern rule needs a name",
                "limits_config.redaction[2] (a): action must be replace or hash, was \"mask\"",
                "limits_config.redaction[3]: unknown key replace (expected builtin, name, pattern, replacement,"
                        + " action, labels)",
                "limits_config.redaction[4] (everything): builtin: all keeps each detector's own name")) {
            assertTrue(m.contains(expected), "missing '" + expected + "' in: " + m);
        }
    }
}
