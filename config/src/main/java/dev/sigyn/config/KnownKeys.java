package dev.sigyn.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which YAML keys exist: the ones Sigyn reads ({@link Settings}) and the ones Loki has but Sigyn ignores (the list in
 * {@code loki-keys.txt}). Also finds the key a misspelt one was probably meant to be.
 */
final class KnownKeys {
    private static final Set<String> LOKI_ONLY = load("loki-keys.txt");

    private KnownKeys() {}

    /** True for a Loki key (or whole block) that Sigyn accepts and ignores. */
    static boolean isLokiOnly(String path) {
        if (LOKI_ONLY.contains(path)) return true;
        // Inside a Loki block that Sigyn reads only in part (compactor, querier, ...), other keys are Loki's, unless
        // the key is a near miss of one Sigyn reads there: that is a typo, and an error.
        for (String p = parentOf(path); !p.isEmpty(); p = parentOf(p)) {
            if (LOKI_ONLY.contains(p)) {
                return suggestionFor(path).filter(s -> Settings.byPath(s).isPresent() && parentOf(s).equals(parentOf(path)))
                        .isEmpty();
            }
        }
        return false;
    }

    /**
     * The known key closest to the unknown {@code path}: a near spelling in the same block (Sigyn's keys first),
     * else a known key of the same name in another block (a key put under the wrong parent).
     */
    static Optional<String> suggestionFor(String path) {
        int dot = path.lastIndexOf('.');
        String parent = dot < 0 ? "" : path.substring(0, dot);
        String key = normalise(path.substring(dot + 1));
        Optional<String> sibling = allPaths()
                .filter(p -> parentOf(p).equals(parent))
                .map(p -> new Candidate(p, editDistance(key, normalise(leafOf(p)))))
                .filter(c -> c.distance() <= nearMissDistance(key))
                .min(Comparator.comparingInt(Candidate::distance))
                .map(Candidate::path);
        if (sibling.isPresent()) return sibling;
        return allPaths().filter(p -> normalise(leafOf(p)).equals(key)).findFirst();
    }

    /** Sigyn's settings and blocks first, so that ties favour a key that does something. */
    private static Stream<String> allPaths() {
        List<String> sigyn = new ArrayList<>();
        for (Setting s : Settings.ALL) {
            sigyn.add(s.path());
            for (String p = s.parent(); !p.isEmpty(); p = parentOf(p)) {
                if (!sigyn.contains(p)) sigyn.add(p);
            }
        }
        return Stream.concat(sigyn.stream(), LOKI_ONLY.stream().sorted());
    }

    private record Candidate(String path, int distance) {}

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String leafOf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Case and dashes are the commonest slips ("HTTP-listen-port"): compare without them. */
    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * How many edits still count as a slip of the keyboard for a name this long: enough for "auth_enable", too few
     * to turn "grpc_listen_port" into "http_listen_port".
     */
    static int nearMissDistance(String name) {
        return Math.clamp(name.length() / 5, 1, 3);
    }

    /** Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static Set<String> load(String resource) {
        try (InputStream in = KnownKeys.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return Set.copyOf(reader.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
