package dev.sigyn.distributor.redaction;

import static dev.sigyn.distributor.redaction.Detectors.AWS_KEY;
import static dev.sigyn.distributor.redaction.Detectors.EMAIL;
import static dev.sigyn.distributor.redaction.Detectors.GCP_KEY;
import static dev.sigyn.distributor.redaction.Detectors.GITHUB_TOKEN;
import static dev.sigyn.distributor.redaction.Detectors.JWT;
import static dev.sigyn.distributor.redaction.Detectors.PASSWORD_KV;
import static dev.sigyn.distributor.redaction.Detectors.PAYMENT_CARD;
import static dev.sigyn.distributor.redaction.Detectors.PRIVATE_KEY;
import static dev.sigyn.distributor.redaction.Detectors.SLACK_TOKEN;
import static dev.sigyn.distributor.redaction.Detectors.URL_PASSWORD;

import java.nio.charset.StandardCharsets;

/**
 * One pass over a line's bytes that says which built-in detectors may match it, so that RE2 runs only where a
 * detector's telltale bytes occur: '@' (e-mail), "eyJ" (JWT), "AKIA"/"ASIA" (AWS), "AIza" or "private_key_id" (GCP),
 * "gh?_"/"github_pat_" (GitHub), "xox"/"hooks.slack.com" (Slack), "-----BEGIN" (PEM), "://" then '@' (URL password),
 * '=' or ':' after a secret-like key (password_kv), and 13 or more digits starting with 2 to 6 (cards). A hint may
 * be a false alarm (the expression decides), never a miss.
 *
 * <p>Every pushed line passes here, so the loop looks at each byte once through a table and does more only for the
 * few bytes a telltale can hinge on: digits and rare punctuation or capitals ('J' of "eyJ", '_' of "gh?_"), never a
 * common lower-case letter.
 */
final class TriggerScan {
    private static final byte[] BEGIN = bytes("-----BEGIN");
    private static final byte[] PRIVATE_KEY_ID = bytes("private_key_id");
    private static final byte[] GITHUB_PAT = bytes("github_pat_");
    private static final byte[] SLACK_HOOK = bytes("hooks.slack.com");
    private static final byte[][] SECRET_KEYS =
            Detectors.SECRET_KEYS.stream().map(TriggerScan::bytes).toArray(byte[][]::new);

    /** What each byte may be part of; 0 for the bytes no telltale hinges on. */
    private static final byte[] KIND = new byte[256];
    private static final byte DIGIT = 1;
    private static final byte AT = 2;
    private static final byte COLON = 3;
    private static final byte EQUALS = 4;
    private static final byte J = 5;
    private static final byte CAPITAL_A = 6;
    private static final byte UNDERSCORE = 7;
    private static final byte X = 8;
    private static final byte DOT = 9;
    private static final byte DASH = 10;

    static {
        for (int c = '0'; c <= '9'; c++) KIND[c] = DIGIT;
        KIND['@'] = AT;
        KIND[':'] = COLON;
        KIND['='] = EQUALS;
        KIND['J'] = J;
        KIND['A'] = CAPITAL_A;
        KIND['_'] = UNDERSCORE;
        KIND['x'] = X;
        KIND['.'] = DOT;
        KIND['-'] = DASH;
    }

    private TriggerScan() {}

    /** The detectors among {@code wanted} (bits of {@link Detectors}) whose telltale bytes are in {@code line}. */
    static int hints(byte[] line, int wanted) {
        int hits = 0;
        int n = line.length;
        int digits = 0; // of the current card-like run
        boolean cardStart = false;
        boolean scheme = false;
        for (int i = 0; i < n; i++) {
            int c = line[i];
            int kind = KIND[c & 0xff];
            if (kind == DIGIT) {
                if (digits++ == 0) cardStart = c >= '2' && c <= '6' && (i == 0 || !isDigit(line[i - 1]));
                if (digits >= 13 && cardStart) hits |= PAYMENT_CARD & wanted;
                continue;
            }
            if (digits > 0 && (c == ' ' || c == '-') && i + 1 < n && isDigit(line[i + 1]) && isDigit(line[i - 1])) {
                continue; // a separator between groups of a card number
            }
            digits = 0;
            if (kind == 0) continue;
            switch (kind) {
                case AT -> {
                    hits |= EMAIL & wanted;
                    if (scheme) hits |= URL_PASSWORD & wanted;
                }
                case COLON -> {
                    if (at(line, i + 1, '/') && at(line, i + 2, '/')) scheme = true;
                    if ((wanted & PASSWORD_KV) != 0 && afterSecretKey(line, i)) hits |= PASSWORD_KV;
                }
                case EQUALS -> {
                    if ((wanted & PASSWORD_KV) != 0 && afterSecretKey(line, i)) hits |= PASSWORD_KV;
                }
                case J -> {
                    if (i >= 2 && line[i - 1] == 'y' && line[i - 2] == 'e') hits |= JWT & wanted;
                }
                case CAPITAL_A -> {
                    if (at(line, i + 3, 'A') && (at(line, i + 1, 'K') && at(line, i + 2, 'I')
                            || at(line, i + 1, 'S') && at(line, i + 2, 'I'))) {
                        hits |= AWS_KEY & wanted;
                    }
                    if (at(line, i + 1, 'I') && at(line, i + 2, 'z') && at(line, i + 3, 'a')) hits |= GCP_KEY & wanted;
                }
                case UNDERSCORE -> {
                    // "gh?_" and "github_pat_" end here; "private_key_id" has its first '_' here.
                    if (i >= 3 && line[i - 3] == 'g' && line[i - 2] == 'h' || startsWith(line, i - 6, GITHUB_PAT)) {
                        hits |= GITHUB_TOKEN & wanted;
                    }
                    if ((wanted & GCP_KEY) != 0 && startsWith(line, i - 7, PRIVATE_KEY_ID)) hits |= GCP_KEY;
                }
                case X -> {
                    if (at(line, i + 1, 'o') && at(line, i + 2, 'x')) hits |= SLACK_TOKEN & wanted;
                }
                case DOT -> {
                    if (at(line, i + 1, 's') && startsWith(line, i - 5, SLACK_HOOK)) hits |= SLACK_TOKEN & wanted;
                }
                case DASH -> {
                    if (at(line, i + 4, '-') && startsWith(line, i, BEGIN)) hits |= PRIVATE_KEY & wanted;
                }
                default -> { }
            }
            if (hits == wanted) return hits;
        }
        return hits;
    }

    /**
     * Whether the '=' or ':' at {@code sep} follows a key ending in a word of {@link Detectors#SECRET_KEYS} (any
     * case), with an optional closing quote (escaped or not) and spaces between.
     */
    private static boolean afterSecretKey(byte[] line, int sep) {
        int end = sep;
        while (end > 0 && line[end - 1] == ' ') end--;
        if (end > 0 && (line[end - 1] == '"' || line[end - 1] == '\'')) end--;
        if (end > 0 && line[end - 1] == '\\') end--;
        if (end == 0) return false;
        int last = line[end - 1] | 0x20;
        if (last != 'd' && last != 't' && last != 'n' && last != 'y' && last != 'l' && last != 's') return false;
        for (byte[] key : SECRET_KEYS) {
            if (key.length <= end && endsWithIgnoreCase(line, end, key)) return true;
        }
        return false;
    }

    private static boolean endsWithIgnoreCase(byte[] line, int end, byte[] key) {
        int from = end - key.length;
        for (int k = 0; k < key.length; k++) {
            int c = line[from + k];
            if (c >= 'A' && c <= 'Z') c |= 0x20;
            if (c != key[k]) return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] line, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > line.length) return false;
        for (int k = 0; k < prefix.length; k++) if (line[at + k] != prefix[k]) return false;
        return true;
    }

    private static boolean at(byte[] line, int i, char c) {
        return i < line.length && line[i] == c;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
