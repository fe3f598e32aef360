package dev.sigyn.distributor.redaction;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in detectors, by the names {@code limits_config.redaction} uses (the list of
 * {@link dev.sigyn.config.RedactionRule#BUILTINS}). Each expression is RE2; its first capture group, when it takes
 * part, is the part masked.
 */
final class Detectors {
    static final int PRIVATE_KEY = 1;
    static final int JWT = 1 << 1;
    static final int URL_PASSWORD = 1 << 2;
    static final int AWS_KEY = 1 << 3;
    static final int GCP_KEY = 1 << 4;
    static final int GITHUB_TOKEN = 1 << 5;
    static final int SLACK_TOKEN = 1 << 6;
    static final int PASSWORD_KV = 1 << 7;
    static final int PAYMENT_CARD = 1 << 8;
    static final int EMAIL = 1 << 9;

    /** The keys whose value password_kv masks: a key ending in one of these words (any case). */
    static final List<String> SECRET_KEYS = List.of("password", "passwd", "pwd", "secret", "token", "apikey",
            "api_key", "api-key", "accesskey", "access_key", "access-key", "private_key", "privatekey", "credential",
            "credentials");

    private static final List<Detector> ALL = List.of(
            // PEM private keys (RSA, EC, OpenSSH, PKCS#8 as in GCP service-account files), to the END line or, when a
            // line was cut, to the end of the line.
            new Detector("private_key", PRIVATE_KEY, Pattern.compile(
                    "(?s)-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----(?:.*?-----END [A-Z ]{0,20}PRIVATE KEY-----|.*)"),
                    Detector.ValueCheck.ANY),
            // Three base64url parts, the first two JSON objects ("eyJ" is base64 of '{"').
            new Detector("jwt", JWT, Pattern.compile(
                    "\\beyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), Detector.ValueCheck.ANY),
            // scheme://user:password@ masks the password only.
            new Detector("url_password", URL_PASSWORD, Pattern.compile(
                    "[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:([^/\\s@]+)@"), Detector.ValueCheck.ANY),
            // Access key ids of IAM users (AKIA) and of temporary credentials (ASIA).
            new Detector("aws_key", AWS_KEY, Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"),
                    Detector.ValueCheck.ANY),
            // API keys, and the key id of a service-account JSON file (its key itself is private_key's).
            new Detector("gcp_key", GCP_KEY, Pattern.compile(
                    "\\bAIza[0-9A-Za-z_-]{35}|\"private_key_id\\\\?\"\\s*:\\s*\\\\?\"([0-9a-f]{40})"),
                    Detector.ValueCheck.ANY),
            // Classic and fine-grained tokens: personal, OAuth, user-to-server, server-to-server, refresh.
            new Detector("github_token", GITHUB_TOKEN, Pattern.compile(
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,242})\\b"),
                    Detector.ValueCheck.ANY),
            // Bot, user, app and refresh tokens, and incoming-webhook URLs (whose path is the secret).
            new Detector("slack_token", SLACK_TOKEN, Pattern.compile(
                    "\\bxox[abposre]-[A-Za-z0-9-]{10,}|https://hooks\\.slack\\.com/services/([A-Za-z0-9/_-]+)"),
                    Detector.ValueCheck.ANY),
            // key=value and "key": "value" where the key ends in a word of SECRET_KEYS; the value alone is masked.
            new Detector("password_kv", PASSWORD_KV, Pattern.compile(
                    "(?i)[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
                            + "|private_?key|credentials?)[\"']?\\s*[=:]\\s*"
                            + "(?:\"((?:[^\"\\\\]|\\\\.)+)\"|'([^']+)'|([^\\s\"',;&)}\\]]+))"),
                    Detector.ValueCheck.ANY),
            // 13 to 19 digits starting as the card networks' numbers do (2 to 6), single spaces or dashes between
            // groups allowed, passing Luhn.
            new Detector("payment_card", PAYMENT_CARD, Pattern.compile("\\b[2-6](?:[ -]?[0-9]){12,18}\\b"),
                    Luhn::valid),
            new Detector("email", EMAIL, Pattern.compile(
                    "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"), Detector.ValueCheck.ANY));

    private static final Map<String, Detector> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Detector::name, Function.identity()));

    private Detectors() {}

    static List<Detector> all() {
        return ALL;
    }

    static Detector named(String name) {
        Detector d = BY_NAME.get(name);
        if (d == null) throw new IllegalArgumentException("unknown builtin " + name);
        return d;
    }
}
