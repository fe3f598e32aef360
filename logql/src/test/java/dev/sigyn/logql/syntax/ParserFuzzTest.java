package dev.sigyn.logql.syntax;

import dev.sigyn.logql.Corpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutated corpus queries (characters and tokens deleted, inserted, swapped; fixed seed): each one either parses
 * or throws {@link ParseException}; nothing else escapes and nothing is slow.
 */
class ParserFuzzTest {
    private static final int QUERIES = 100_000;
    private static final long SLOW_NANOS = 100_000_000L;

    /** Pieces of LogQL that make mutations reach deep into the grammar rather than fail on the first token. */
    private static final String[] FRAGMENTS = {
            "{", "}", "(", ")", "[", "]", "[5m]", ",", "|", "|=", "!=", "|~", "!~", "|>", "!>", "=", "==", "=~", ">", ">=",
            "<", "<=", "+", "-", "*", "/", "%", "^", "\"x\"", "`y`", "1", "-1", "0.5", "1e3", "0x1f", "5m", "-5m", "1.5s",
            "10KB", "2KiB", "by", "without", "(a)", "by (a)", "on", "ignoring", "group_left", "group_right", "bool", "and",
            "or", "unless", "offset", "offset 1h", "unwrap", "unwrap x", "bytes(", "duration(", "json", "logfmt",
            "--strict", "--keep-empty", "regexp", "pattern", "unpack", "line_format", "label_format", "decolorize",
            "drop", "keep", "ip(", "ip(\"1.2.3.4\")", "sum", "sum(", "topk(", "count_over_time(", "rate(",
            "quantile_over_time(", "vector(", "label_replace(", "{app=\"web\"}", "x=\"1\"", "#", "\n", " ", "\\", "\"",
            "{{", "}}", "ab", "é", "🚀"};

    @Test
    void mutatedQueriesParseOrFailWithParseException() {
        List<String> seeds = new ArrayList<>();
        for (Map<String, Object> c : Corpus.cases()) {
            @SuppressWarnings("unchecked")
            Object q = ((Map<String, Object>) c.get("params")).get("query");
            if (q instanceof String query) seeds.add(query);
        }
        Random random = new Random(20261123L);
        int parsed = 0;
        for (int i = 0; i < QUERIES; i++) {
            String query = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) query = mutate(query, random);
            long start = System.nanoTime();
            try {
                Expr e = Parser.parseExpr(query);
                Printer.print(e);
                parsed++;
            } catch (ParseException expected) {
                // fine: malformed input
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("not a ParseException for: " + query, e);
            }
            long took = System.nanoTime() - start;
            if (took > SLOW_NANOS && !slowBecauseOfWarmUp(query)) fail("took " + took / 1_000_000 + " ms: " + query);
        }
        assertTrue(parsed > QUERIES / 50, "some mutations still parse: " + parsed);
    }

    /** A second run of a slow query tells a cold JIT or a GC pause from a parser that is really slow on it. */
    private static boolean slowBecauseOfWarmUp(String query) {
        long start = System.nanoTime();
        try {
            Parser.parseExpr(query);
        } catch (ParseException ignored) {
            // same as the first run
        }
        return System.nanoTime() - start <= SLOW_NANOS;
    }

    private static String mutate(String q, Random random) {
        if (q.isEmpty()) return FRAGMENTS[random.nextInt(FRAGMENTS.length)];
        int at = random.nextInt(q.length() + 1);
        return switch (random.nextInt(7)) {
            case 0 -> q.substring(0, Math.min(at, q.length() - 1)) + q.substring(Math.min(at, q.length() - 1) + 1);
            case 1 -> q.substring(0, at) + (char) (32 + random.nextInt(95)) + q.substring(at);
            case 2 -> {
                int other = random.nextInt(q.length());
                int a = Math.min(Math.min(at, q.length() - 1), other);
                int b = Math.max(Math.min(at, q.length() - 1), other);
                char[] chars = q.toCharArray();
                char t = chars[a];
                chars[a] = chars[b];
                chars[b] = t;
                yield new String(chars);
            }
            case 3, 4 -> q.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + q.substring(at);
            case 5 -> {
                // delete a whitespace-separated token
                String[] tokens = q.split(" ", -1);
                int i = random.nextInt(tokens.length);
                List<String> rest = new ArrayList<>(List.of(tokens));
                rest.remove(i);
                yield String.join(" ", rest);
            }
            default -> {
                // swap two whitespace-separated tokens
                String[] tokens = q.split(" ", -1);
                int i = random.nextInt(tokens.length), j = random.nextInt(tokens.length);
                String t = tokens[i];
                tokens[i] = tokens[j];
                tokens[j] = t;
                yield String.join(" ", tokens);
            }
        };
    }
}
