package dev.sigyn.distributor.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RedactionRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each built-in detector masks what it names and leaves its near misses alone, as {@code builtin: all} runs them. */
class DetectorsTest {
    private static final RedactionRules ALL = RedactionRules.compile(LimitsConfig.defaults()
            .withRedaction(List.of(RedactionRule.builtin(RedactionRule.ALL))));

    private static String redact(String line) {
        return new String(ALL.redact(line.getBytes(StandardCharsets.UTF_8), ALL.newPass()), StandardCharsets.UTF_8);
    }

    static final String GITHUB = "ghp_" + "A1b2C3d4E5".repeat(3) + "abcdef";
    static final String GCP = "AIza" + "SyD-abcdefghij_0123456789ABCDEFGHIJ";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "paid with 4111 1111 1111 1111 today|paid with [REDACTED:payment_card] today",
            "card=4111111111111111|card=[REDACTED:payment_card]",
            "amex 3782-822463-10005.|amex [REDACTED:payment_card].",
            "mail alice.smith+x@example.co.uk now|mail [REDACTED:email] now",
            "auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sflKxwRJSMeKKF2QT4fwpMeJf36P end|auth [REDACTED:jwt] end",
            "key AKIAIOSFODNN7EXAMPLE used|key [REDACTED:aws_key] used",
            "sts ASIAY34FZKBOKMUTVV7A|sts [REDACTED:aws_key]",
            "dsn=postgres://app:s3cr3t@db:5432/x|dsn=postgres://app:[REDACTED:url_password]@db:5432/x",
            "password=hunter2 user=bob|password=[REDACTED:password_kv] user=bob",
            "{\"client_secret\": \"a b\\\"c\", \"n\": 1}|{\"client_secret\": \"[REDACTED:password_kv]\", \"n\": 1}",
            "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|aws_secret_access_key=[REDACTED:password_kv]",
            "X-Api-Key: abc123|X-Api-Key: [REDACTED:password_kv]",
            "hook https://hooks.slack.com/services/T000/B000/XXXX sent|hook https://hooks.slack.com/services/[REDACTED:slack_token] sent",
            "bot xoxb-123456789012-abcdefghijkl|bot [REDACTED:slack_token]",
            "k=-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY----- done|k=[REDACTED:private_key] done",
            "cut -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg|cut [REDACTED:private_key]",
            "\"private_key_id\": \"0123456789abcdef0123456789abcdef01234567\"|\"private_key_id\": \"[REDACTED:gcp_key]\"",
    })
    void eachDetectorMasksWhatItNames(String line, String expected) {
        assertEquals(expected, redact(line));
    }

    @Test
    void tokensWithGeneratedBodiesAreMasked() {
        assertEquals("t [REDACTED:github_token]", redact("t " + GITHUB));
        assertEquals("t [REDACTED:github_token]", redact("t github_pat_11ABCDEFG0123456789_abcdefghijKLMNOP"));
        assertEquals("k=[REDACTED:gcp_key]&x", redact("k=" + GCP + "&x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "order 4111111111111112 shipped",      // 16 digits failing Luhn: an order id
            "ts=1712345678901234567 level=info",   // nanosecond timestamps start with 1, no card does
            "id 41111111111 is short",
            "ssh root@server ok",                  // no top-level domain
            "eyJ alone and eyJhbGc.notjwt",
            "AKIA1234 and XAKIAIOSFODNN7EXAMPLEX",
            "https://example.com/a@b",
            "token_count=5 passwordless=true",
            "-----BEGIN CERTIFICATE-----",
            "ghp_short and xoxb",
    })
    void nearMissesStay(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertSame(bytes, ALL.redact(bytes, ALL.newPass()), line);
    }

    @Test
    void aValueAnEarlierRuleReplacedIsNotReplacedAgain() {
        assertEquals("token=[REDACTED:jwt]", redact("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig"));
    }

    @Test
    void hashesAreStableKeyedAndNamed() {
        LimitsConfig limits = LimitsConfig.defaults().withRedactionHashSecret("0123456789abcdef-secret")
                .withRedaction(List.of(RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH)));
        RedactionRules rules = RedactionRules.compile(limits);
        String a = new String(rules.redact("from bob@example.com".getBytes(), rules.newPass()));
        String b = new String(rules.redact("to bob@example.com!".getBytes(), rules.newPass()));
        assertTrue(a.matches("from \\[HASH:email:[0-9a-f]{16}]"), a);
        assertEquals(a.substring(5), b.substring(3, b.length() - 1));
        RedactionRules otherKey = RedactionRules.compile(limits.withRedactionHashSecret("another-secret-of-16+"));
        String c = new String(otherKey.redact("from bob@example.com".getBytes(), otherKey.newPass()));
        assertTrue(!c.equals(a) && c.startsWith("from [HASH:email:"), c);
    }

    @Test
    void rulesThatCannotRunAreRefusedNamingTheRule() {
        var hashWithoutSecret = LimitsConfig.defaults()
                .withRedaction(List.of(RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH)));
        assertEquals("limits_config.redaction[0] (email): action hash needs limits_config.redaction_hash_secret,"
                + " which is not set", assertThrows(IllegalArgumentException.class,
                () -> RedactionRules.compile(hashWithoutSecret)).getMessage());
        var badPattern = LimitsConfig.defaults().withRedaction(List.of(RedactionRule.pattern("oops", "a(b", "")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RedactionRules.compile(badPattern))
                .getMessage().startsWith("limits_config.redaction[0] (oops): invalid RE2 pattern: "));
        var badGroup = LimitsConfig.defaults().withRedaction(List.of(RedactionRule.pattern("o", "a(b)", "$2")));
        assertEquals("limits_config.redaction[0] (o): replacement refers to group $2 but the pattern has 1 group(s)",
                assertThrows(IllegalArgumentException.class, () -> RedactionRules.compile(badGroup)).getMessage());
    }
}
