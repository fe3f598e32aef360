package com.google.re2j;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The limits Go's {@code regexp/syntax} puts on a regex while parsing it, which RE2/J (1.8) lacks: a program of at
 * most {@link #MAX_SIZE} instructions, a parse tree at most {@link #MAX_HEIGHT} deep, at most {@link #MAX_RUNES}
 * runes in literals and classes, and nested counted repetitions of at most 1000 copies in all. Without them
 * {@code ((a{1000}){1000}){1000}} is expanded by RE2/J's simplifier and compiler until the heap runs out.
 *
 * <p>This class lives in RE2/J's package because the parse tree it measures ({@link Parser}, {@link Regexp}) is
 * package-private there. It only parses: parsing keeps {@code x{n}} as one node, it is the simplifier and the
 * compiler that copy it n times. The sizes are those of Go's {@code calcSize}; Go measures only once a regex has
 * many nodes or repeats, this measures every regex, so a long literal repeated 1000 times is refused here too.
 */
public final class GoParseLimits {
    /** Go's {@code maxSize}: 128 MiB of 40-byte instructions. */
    private static final long MAX_SIZE = (128 << 20) / 40;
    /** Go's {@code maxHeight}. */
    private static final int MAX_HEIGHT = 1000;
    /** Go's {@code maxRunes}: 128 MiB of 4-byte runes. */
    private static final long MAX_RUNES = (128 << 20) / 4;
    /** Go's bound on the copies nested counted repetitions make of their innermost expression. */
    private static final int MAX_REPEAT_COPIES = 1000;

    private static final String TOO_LARGE = "expression too large";
    private static final String TOO_DEEP = "expression nests too deeply";
    private static final String BAD_REPEAT = "invalid repeat count";

    private final Map<Regexp, Long> sizes = new IdentityHashMap<>();

    private GoParseLimits() {
    }

    /**
     * Parses {@code regex} as {@link Pattern#compile(String, int)} would with {@code flags}, and throws
     * {@link PatternSyntaxException} with Go's error when Go would refuse it: for a syntax error, or for passing one of
     * the limits ({@code error parsing regexp: expression too large: `...`}).
     */
    public static void check(String regex, int flags) {
        Regexp tree = Parser.parse(withFlagGroups(regex, flags), re2Flags(flags));
        if (height(tree) > MAX_HEIGHT) throw new PatternSyntaxException(TOO_DEEP, regex);
        if (runes(tree) > MAX_RUNES) throw new PatternSyntaxException(TOO_LARGE, regex);
        new GoParseLimits().checkSizes(tree, regex);
    }

    // What Pattern.compile(regex, flags) hands to the parser.
    private static String withFlagGroups(String regex, int flags) {
        String prefixed = regex;
        if ((flags & Pattern.CASE_INSENSITIVE) != 0) prefixed = "(?i)" + prefixed;
        if ((flags & Pattern.DOTALL) != 0) prefixed = "(?s)" + prefixed;
        if ((flags & Pattern.MULTILINE) != 0) prefixed = "(?m)" + prefixed;
        return prefixed;
    }

    private static int re2Flags(int flags) {
        return (flags & Pattern.DISABLE_UNICODE_GROUPS) != 0 ? RE2.PERL & ~RE2.UNICODE_GROUPS : RE2.PERL;
    }

    /** The tree's depth, counted without recursion: the tree may be far deeper than a thread's stack allows. */
    private static int height(Regexp root) {
        Deque<Regexp> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        int max = 0;
        while (!nodes.isEmpty()) {
            Regexp re = nodes.pop();
            int depth = depths.pop();
            if (depth > max) max = depth;
            if (max > MAX_HEIGHT) return max;
            for (Regexp sub : subs(re)) {
                nodes.push(sub);
                depths.push(depth + 1);
            }
        }
        return max;
    }

    private static long runes(Regexp re) {
        long n = re.runes == null ? 0 : re.runes.length;
        for (Regexp sub : subs(re)) n += runes(sub);
        return n;
    }

    /**
     * Checks every node after its subexpressions, in the order Go's parser builds and checks them: the size, then
     * for a counted repetition the copies it makes. Stops at the first node over the limit, so sizes never overflow.
     */
    private void checkSizes(Regexp re, String regex) {
        for (Regexp sub : subs(re)) checkSizes(sub, regex);
        if (size(re) > MAX_SIZE) throw new PatternSyntaxException(TOO_LARGE, regex);
        if (re.op == Regexp.Op.REPEAT && (re.min >= 2 || re.max >= 2) && !repeatIsValid(re, MAX_REPEAT_COPIES)) {
            throw new PatternSyntaxException(BAD_REPEAT, repeatOperator(re));
        }
    }

    /** Go's {@code calcSize}: the instructions the node compiles to. */
    private long size(Regexp re) {
        Long known = sizes.get(re);
        if (known != null) return known;
        long size = switch (re.op) {
            case LITERAL -> re.runes.length;
            case CAPTURE, STAR -> 2 + size(re.subs[0]); // a star may take 1 or 2; Go assumes 2
            case PLUS, QUEST -> 1 + size(re.subs[0]);
            case CONCAT -> sumOfSubs(re);
            case ALTERNATE -> sumOfSubs(re) + Math.max(0, subs(re).length - 1);
            case REPEAT -> {
                long sub = size(re.subs[0]);
                if (re.max == -1) yield re.min == 0 ? 2 + sub : 1 + re.min * sub; // x*, xxx+
                yield re.max * sub + (re.max - re.min); // x{2,5} = xx(x(x(x)?)?)?
            }
            default -> 1;
        };
        size = Math.max(size, 1);
        sizes.put(re, size);
        return size;
    }

    /** A node's subexpressions; RE2/J leaves the array null on some leaves. */
    private static Regexp[] subs(Regexp re) {
        return re.subs == null ? Regexp.EMPTY_SUBS : re.subs;
    }

    private long sumOfSubs(Regexp re) {
        long total = 0;
        for (Regexp sub : subs(re)) total += size(sub);
        return total;
    }

    /** Go's {@code repeatIsValid}: nested counted repetitions make at most {@code n} copies of what they repeat. */
    private static boolean repeatIsValid(Regexp re, int n) {
        if (re.op == Regexp.Op.REPEAT) {
            int m = re.max;
            if (m == 0) return true;
            if (m < 0) m = re.min;
            if (m > n) return false;
            if (m > 0) n /= m;
        }
        for (Regexp sub : subs(re)) {
            if (!repeatIsValid(sub, n)) return false;
        }
        return true;
    }

    /** The operator as written, which Go's error quotes: {@code {1000}}, {@code {2,}}, {@code {2,5}?}. */
    private static String repeatOperator(Regexp re) {
        StringBuilder sb = new StringBuilder("{").append(re.min);
        if (re.max != re.min) {
            sb.append(',');
            if (re.max >= 0) sb.append(re.max);
        }
        sb.append('}');
        if ((re.flags & RE2.NON_GREEDY) != 0) sb.append('?');
        return sb.toString();
    }
}
