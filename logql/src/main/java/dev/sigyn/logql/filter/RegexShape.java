package dev.sigyn.logql.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * What an (already validated) RE2 line-filter regex amounts to, so that the common simple ones run as byte
 * searches: {@code error}, {@code (?i)failed}, {@code timeout|reset}, {@code .*}. The analysis is conservative:
 * anything it does not fully understand becomes {@link General} with no required literal.
 */
sealed interface RegexShape {

    /** The regex matches every line (the empty regex, {@code .*}, an empty alternative). */
    record MatchesEverything() implements RegexShape {
    }

    /** The regex matches exactly the lines that contain one of the literals (ASCII-only when {@code ignoreCase}). */
    record AnyLiteral(List<String> literals, boolean ignoreCase) implements RegexShape {
    }

    /**
     * Any other regex; every match contains {@code requiredLiteral} (ASCII-only when {@code ignoreCase}), or
     * nothing is known when it is null.
     */
    record General(String requiredLiteral, boolean ignoreCase) implements RegexShape {
    }

    static RegexShape of(String regex) {
        try {
            return new Analyzer(regex, false).shape();
        } catch (RuntimeException unexpected) {
            // The analysis only speeds things up; if it trips over some syntax, the regex engine decides alone.
            return Analyzer.UNKNOWN;
        }
    }

    /** Reads the regex's top level: alternation, concatenation of atoms, quantifiers. */
    final class Analyzer {
        private static final General UNKNOWN = new General(null, false);

        private final String re;
        private boolean ignoreCase;

        Analyzer(String re, boolean ignoreCase) {
            this.re = re;
            this.ignoreCase = ignoreCase;
        }

        RegexShape shape() {
            int start = skipLeadingFlags();
            List<String> branches = splitAlternatives(re.substring(start));
            if (branches == null) return UNKNOWN;
            List<List<Piece>> parsed = new ArrayList<>();
            for (String branch : branches) {
                List<Piece> pieces = pieces(branch);
                if (pieces == null) return UNKNOWN;
                parsed.add(pieces);
            }
            if (parsed.size() == 1) {
                String group = soleGroupContent(parsed.getFirst());
                if (group != null) return new Analyzer(group, ignoreCase).shape();
            }
            List<String> literals = new ArrayList<>();
            for (List<Piece> pieces : parsed) {
                String literal = pureLiteral(pieces);
                if (literal == null) {
                    literals = null;
                    break;
                }
                literals.add(literal);
            }
            if (literals != null) {
                if (literals.contains("")) return new MatchesEverything();
                if (ignoreCase && !literals.stream().allMatch(Analyzer::isAscii)) return UNKNOWN;
                return new AnyLiteral(List.copyOf(literals), ignoreCase);
            }
            if (parsed.size() > 1) return UNKNOWN;
            String required = longestRun(parsed.getFirst());
            if (required.isEmpty() || (ignoreCase && !isAscii(required))) return UNKNOWN;
            return new General(required, ignoreCase);
        }

        /** Consumes flag groups such as {@code (?i)} or {@code (?is)} at the very start; returns where the body begins. */
        private int skipLeadingFlags() {
            int i = 0;
            while (re.startsWith("(?", i)) {
                int j = i + 2;
                boolean ci = false;
                while (j < re.length() && "imsU".indexOf(re.charAt(j)) >= 0) {
                    ci |= re.charAt(j) == 'i';
                    j++;
                }
                if (j == i + 2 || j >= re.length() || re.charAt(j) != ')') break;
                ignoreCase |= ci;
                i = j + 1;
            }
            return i;
        }

        // ---- pieces ----------------------------------------------------------------------------------------

        /** One atom of a concatenation with its repetition: a literal character, {@code .*}, or anything else. */
        private record Piece(Kind kind, String text, int minRepeat, boolean repeated) {
            enum Kind { LITERAL, DOT_STAR, GROUP, OTHER }
        }

        /** The atoms of one alternative, or null when the text holds something this analysis does not handle. */
        private List<Piece> pieces(String s) {
            List<Piece> pieces = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                Piece.Kind kind;
                String text = null;
                int next;
                switch (c) {
                    case '\\' -> {
                        if (i + 1 >= s.length()) return null;
                        char e = s.charAt(i + 1);
                        if (e == 'Q') {
                            int end = s.indexOf("\\E", i + 2);
                            String quoted = s.substring(i + 2, end < 0 ? s.length() : end);
                            quoted.codePoints().forEach(cp -> pieces.add(literal(Character.toString(cp))));
                            i = end < 0 ? s.length() : end + 2;
                            continue;
                        }
                        String escaped = escapedLiteral(e);
                        if (escaped != null) {
                            kind = Piece.Kind.LITERAL;
                            text = escaped;
                            next = i + 2;
                        } else {
                            kind = Piece.Kind.OTHER;
                            next = skipEscape(s, i);
                        }
                    }
                    case '[' -> {
                        kind = Piece.Kind.OTHER;
                        next = skipClass(s, i);
                    }
                    case '(' -> {
                        if (isFlagGroup(s, i)) return null; // flags changing mid-way: give up
                        kind = Piece.Kind.GROUP;
                        next = skipGroup(s, i);
                        if (next > 0) text = s.substring(i, next);
                    }
                    case '.' -> {
                        kind = Piece.Kind.OTHER;
                        text = ".";
                        next = i + 1;
                    }
                    case '^', '$' -> {
                        kind = Piece.Kind.OTHER;
                        next = i + 1;
                    }
                    case ')', '*', '+', '?', '|' -> {
                        return null;
                    }
                    default -> {
                        if (c == '{' && repeatEnd(s, i) > 0) return null;
                        int cp = s.codePointAt(i);
                        kind = Piece.Kind.LITERAL;
                        text = Character.toString(cp);
                        next = i + Character.charCount(cp);
                    }
                }
                if (next < 0) return null;
                i = next;
                int min = 1;
                char quantifier = 0;
                if (i < s.length()) {
                    char q = s.charAt(i);
                    int end = q == '{' ? repeatEnd(s, i) : -1;
                    if (q == '*' || q == '+' || q == '?' || end > 0) {
                        quantifier = q;
                        min = switch (q) {
                            case '*', '?' -> 0;
                            case '+' -> 1;
                            default -> repeatMin(s, i);
                        };
                        i = end > 0 ? end : i + 1;
                        if (i < s.length() && s.charAt(i) == '?') i++; // lazy
                    }
                }
                boolean dot = kind == Piece.Kind.OTHER && ".".equals(text);
                if (dot && quantifier == '*') {
                    pieces.add(new Piece(Piece.Kind.DOT_STAR, null, 0, true));
                } else {
                    pieces.add(new Piece(kind, text, min, quantifier != 0));
                }
            }
            return pieces;
        }

        private static Piece literal(String text) {
            return new Piece(Piece.Kind.LITERAL, text, 1, false);
        }

        /** The character an escape such as {@code \.} or {@code \n} stands for, or null for classes and assertions. */
        private static String escapedLiteral(char e) {
            if (e < 0x80 && !Character.isLetterOrDigit(e)) return String.valueOf(e);
            return switch (e) {
                case 'n' -> "\n";
                case 't' -> "\t";
                case 'r' -> "\r";
                case 'f' -> "\f";
                case 'v' -> "\u000b";
                case 'a' -> "\u0007";
                default -> null;
            };
        }

        /** The whole concatenation as a literal, ignoring {@code .*} at either end; null if it is not one. */
        private static String pureLiteral(List<Piece> pieces) {
            int from = 0;
            int to = pieces.size();
            while (from < to && pieces.get(from).kind() == Piece.Kind.DOT_STAR) from++;
            while (to > from && pieces.get(to - 1).kind() == Piece.Kind.DOT_STAR) to--;
            StringBuilder sb = new StringBuilder();
            for (Piece p : pieces.subList(from, to)) {
                if (p.kind() != Piece.Kind.LITERAL || p.repeated()) return null;
                sb.append(p.text());
            }
            return sb.toString();
        }

        /** The longest run of consecutive characters every match must contain. */
        private static String longestRun(List<Piece> pieces) {
            String best = "";
            StringBuilder run = new StringBuilder();
            for (Piece p : pieces) {
                boolean required = p.kind() == Piece.Kind.LITERAL && p.minRepeat() > 0;
                if (required) run.append(p.text());
                if (!required || p.repeated()) {
                    if (run.length() > best.length()) best = run.toString();
                    run.setLength(0);
                }
            }
            return run.length() > best.length() ? run.toString() : best;
        }

        /** The inside of {@code (...)} or {@code (?:...)} when that group, unrepeated, is the whole concatenation. */
        private static String soleGroupContent(List<Piece> pieces) {
            if (pieces.size() != 1) return null;
            Piece p = pieces.getFirst();
            if (p.kind() != Piece.Kind.GROUP || p.repeated()) return null;
            String g = p.text();
            if (g.startsWith("(?:")) return g.substring(3, g.length() - 1);
            if (g.startsWith("(?")) return null;
            return g.substring(1, g.length() - 1);
        }

        // ---- scanning helpers (the regex is known to be valid) ------------------------------------------------

        /** Splits at top-level {@code |}; null if the nesting cannot be followed. */
        private static List<String> splitAlternatives(String s) {
            List<String> parts = new ArrayList<>();
            int start = 0;
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                int next = switch (c) {
                    case '\\' -> skipEscape(s, i);
                    case '[' -> skipClass(s, i);
                    case '(' -> skipGroup(s, i);
                    default -> i + 1;
                };
                if (next < 0) return null;
                if (c == '|') {
                    parts.add(s.substring(start, i));
                    start = i + 1;
                }
                i = next;
            }
            parts.add(s.substring(start));
            return parts;
        }

        /** Index after the escape sequence starting at {@code i} (a backslash). */
        private static int skipEscape(String s, int i) {
            if (i + 1 >= s.length()) return -1;
            char e = s.charAt(i + 1);
            switch (e) {
                case 'Q' -> {
                    int end = s.indexOf("\\E", i + 2);
                    return end < 0 ? s.length() : end + 2;
                }
                case 'p', 'P', 'x' -> {
                    if (i + 2 < s.length() && s.charAt(i + 2) == '{') {
                        int end = s.indexOf('}', i + 3);
                        return end < 0 ? -1 : end + 1;
                    }
                    return Math.min(s.length(), i + (e == 'x' ? 4 : 3));
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i + 2;
                        while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') j++;
                        return j;
                    }
                    return i + 1 + Character.charCount(s.codePointAt(i + 1));
                }
            }
        }

        /** Index after the character class starting at {@code i}, or -1. */
        private static int skipClass(String s, int i) {
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '^') j++;
            if (j < s.length() && s.charAt(j) == ']') j++;
            while (j < s.length()) {
                char c = s.charAt(j);
                if (c == ']') return j + 1;
                if (c == '\\') {
                    j = skipEscape(s, j);
                    if (j < 0) return -1;
                } else if (c == '[' && j + 1 < s.length() && s.charAt(j + 1) == ':') {
                    int end = s.indexOf(":]", j + 2);
                    j = end < 0 ? j + 1 : end + 2;
                } else {
                    j++;
                }
            }
            return -1;
        }

        /** Index after the group starting at {@code i}, or -1. */
        private static int skipGroup(String s, int i) {
            int depth = 0;
            int j = i;
            while (j < s.length()) {
                char c = s.charAt(j);
                switch (c) {
                    case '\\' -> j = skipEscape(s, j);
                    case '[' -> j = skipClass(s, j);
                    case '(' -> {
                        depth++;
                        j++;
                    }
                    case ')' -> {
                        depth--;
                        j++;
                        if (depth == 0) return j;
                    }
                    default -> j++;
                }
                if (j < 0) return -1;
            }
            return -1;
        }

        /** {@code (?i)}, {@code (?-s)}...: a group that only changes flags. */
        private static boolean isFlagGroup(String s, int i) {
            if (!s.startsWith("(?", i)) return false;
            int j = i + 2;
            while (j < s.length() && "imsU-".indexOf(s.charAt(j)) >= 0) j++;
            return j < s.length() && s.charAt(j) == ')'; // RE2/J also accepts the empty "(?)"
        }

        /** Index after a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} starting at {@code i}, or -1. */
        private static int repeatEnd(String s, int i) {
            int j = i + 1;
            int digits = j;
            while (j < s.length() && Character.isDigit(s.charAt(j)) && s.charAt(j) < 0x80) j++;
            if (j == digits) return -1;
            if (j < s.length() && s.charAt(j) == ',') {
                j++;
                while (j < s.length() && Character.isDigit(s.charAt(j)) && s.charAt(j) < 0x80) j++;
            }
            return j < s.length() && s.charAt(j) == '}' ? j + 1 : -1;
        }

        private static int repeatMin(String s, int i) {
            int j = i + 1;
            while (Character.isDigit(s.charAt(j))) j++;
            try {
                return Integer.parseInt(s, i + 1, j, 10);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private static boolean isAscii(String s) {
            return s.chars().allMatch(c -> c < 0x80);
        }
    }
}
