package dev.sigyn.logql.patterns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A log line cut into tokens the way Loki's pattern miner cuts it: at spaces, at {@code =}, and around every
 * punctuation character except {@code _ - . : /} (so IPs, paths, times and dotted names stay whole). Punctuation
 * characters become tokens of their own; spaces do not, but how many follow each token is kept so that the line
 * (or a pattern made from it) can be joined back exactly.
 *
 * @param tokens the tokens in line order
 * @param spaces {@code spaces[0]} spaces before the first token, {@code spaces[i + 1]} after token {@code i}
 */
record TokenizedLine(String[] tokens, int[] spaces) {
    /** Tokens beyond this stay in one last token: the cost per line is bounded and Drain's tree stays shallow. */
    static final int MAX_TOKENS = 127;

    static TokenizedLine of(String line) {
        List<String> tokens = new ArrayList<>();
        int[] spaces = new int[Math.min(line.length(), MAX_TOKENS + 1) + 1];
        int start = 0;
        int i = 0;
        while (i < line.length() && tokens.size() < MAX_TOKENS) {
            int cp = line.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!keepsTokenTogether(cp) && (cp == ' ' || cp == '=' || isPunctuation(cp))) {
                if (i > start) tokens.add(line.substring(start, i));
                if (cp == ' ') spaces[tokens.size()]++;
                else tokens.add(line.substring(i, next));
                start = next;
            }
            i = next;
        }
        if (start < line.length()) tokens.add(line.substring(start));
        return new TokenizedLine(tokens.toArray(String[]::new), Arrays.copyOf(spaces, tokens.size() + 1));
    }

    int size() {
        return tokens.length;
    }

    /** The tokens joined with the recorded spacing; runs of placeholders collapse into one ({@code <_><_>}). */
    static String join(String[] tokens, int[] spaces, String placeholder) {
        StringBuilder sb = new StringBuilder();
        sb.repeat(' ', spaces[0]);
        boolean lastWasPlaceholder = false;
        for (int i = 0; i < tokens.length; i++) {
            boolean placeholder1 = tokens[i].equals(placeholder);
            // Two adjacent placeholders would be an invalid |> pattern (a capture must be followed by a literal).
            if (!(placeholder1 && lastWasPlaceholder)) sb.append(tokens[i]);
            int after = spaces[i + 1];
            sb.repeat(' ', after);
            lastWasPlaceholder = placeholder1 && after == 0;
        }
        return sb.toString();
    }

    private static boolean keepsTokenTogether(int cp) {
        return Character.isLetter(cp) || isNumber(cp)
                || cp == '_' || cp == '-' || cp == '.' || cp == ':' || cp == '/';
    }

    /** Go's unicode.IsNumber: decimal digits, letter numbers and other numbers (Nd, Nl, No). */
    static boolean isNumber(int cp) {
        int t = Character.getType(cp);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Go's unicode.IsPunct: the Unicode punctuation categories (P*); symbols such as + $ | are not. */
    private static boolean isPunctuation(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
