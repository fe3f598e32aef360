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
 */
final class TriggerScan {
    private static final byte[] BEGIN = bytes("-----BEGIN");
    private static final byte[] PRIVATE_KEY_ID = bytes("private_key_id");
    private static final byte[] GITHUB_PAT = bytes("github_pat_");
    private static final byte[] SLACK_HOOK = bytes("hooks.slack.com");
    private static final byte[][] SECRET_KEYS =
            Detectors.SECRET_KEYS.stream().map(TriggerScan::bytes).toArray(byte[][]::new);

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
            if (c >= '0' && c <= '9') {
                if (digits++ == 0) cardStart = c >= '2' && c <= '6' && (i == 0 || !isDigit(line[i - 1]));
                if (digits >= 13 && cardStart) hits |= PAYMENT_CARD & wanted;
                continue;
            }
            if (digits > 0 && (c == ' ' || c == '-') && i + 1 < n && isDigit(line[i + 1]) && isDigit(line[i - 1])) {
                continue; // a separator between groups of a card number
            }
            digits = 0;
            switch (c) {
                case '@' -> {
                    hits |= EMAIL & wanted;
                    if (scheme) hits |= URL_PASSWORD & wanted;
                }
                case ':' -> {
                    if (at(line, i + 1, '/') && at(line, i + 2, '/')) scheme = true;
                    if ((wanted & PASSWORD_KV) != 0 && afterSecretKey(line, i)) hits |= PASSWORD_KV;
                }
                case '=' -> {
                    if ((wanted & PASSWORD_KV) != 0 && afterSecretKey(line, i)) hits |= PASSWORD_KV;
                }
                case 'e' -> {
                    if (at(line, i + 1, 'y') && at(line, i + 2, 'J')) hits |= JWT & wanted;
                }
                case 'A' -> {
                    if (at(line, i + 3, 'A') && (at(line, i + 1, 'K') && at(line, i + 2, 'I')
                            || at(line, i + 1, 'S') && at(line, i + 2, 'I'))) {
                        hits |= AWS_KEY & wanted;
                    }
                    if (at(line, i + 1, 'I') && at(line, i + 2, 'z') && at(line, i + 3, 'a')) hits |= GCP_KEY & wanted;
                }
                case 'p' -> {
                    if ((wanted & GCP_KEY) != 0 && at(line, i + 1, 'r') && startsWith(line, i, PRIVATE_KEY_ID)) {
                        hits |= GCP_KEY;
                    }
                }
                case 'g' -> {
                    if (at(line, i + 1, 'h') && at(line, i + 3, '_') || startsWith(line, i, GITHUB_PAT)) {
                        hits |= GITHUB_TOKEN & wanted;
                    }
                }
                case 'x' -> {
                    if (at(line, i + 1, 'o') && at(line, i + 2, 'x')) hits |= SLACK_TOKEN & wanted;
                }
                case 'h' -> {
                    if (at(line, i + 1, 'o') && startsWith(line, i, SLACK_HOOK)) hits |= SLACK_TOKEN & wanted;
                }
                case '-' -> {
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
        if (at + prefix.length > line.length) return false;
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
