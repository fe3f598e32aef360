package dev.sigyn.logql.patterns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017), with the similarity
 * threshold, width and cluster bound of Loki's pattern ingester and a depth chosen per {@link LineFormat}. Lines are
 * grouped first by their number of tokens, then by their leading tokens along a tree of bounded depth and width;
 * at the leaf, a line joins the most similar cluster if at least {@link #SIMILARITY_THRESHOLD} of the tokens are
 * equal, and the tokens where they differ become {@code <_>}. At most {@link #MAX_CLUSTERS} clusters are kept: the
 * least recently seen one is dropped beyond that, as in Loki, which bounds both memory and the cost of a line.
 */
final class Drain {
    static final String PLACEHOLDER = "<_>";
    static final double SIMILARITY_THRESHOLD = 0.3;
    /** Children per tree node; beyond this, new tokens descend through the placeholder child. */
    static final int MAX_CHILDREN = 15;
    static final int MAX_CLUSTERS = 300;

    private final int maxNodeDepth;

    private final Node root = new Node();
    /** Access-ordered, so that the eldest entry is the least recently seen cluster. */
    private final Map<Integer, LogCluster> clusters = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, LogCluster> eldest) {
            return size() > MAX_CLUSTERS;
        }
    };
    private int nextId;

    /** @param depth the tree depth counting the root and the token-count layer: {@code depth - 3} tokens steer */
    Drain(int depth) {
        if (depth < 3) throw new IllegalArgumentException("depth must be at least 3");
        this.maxNodeDepth = depth - 2;
    }

    /** Adds a line to its cluster (creating one if none is similar enough) and returns that cluster. */
    LogCluster train(TokenizedLine line) {
        String[] tokens = line.tokens();
        LogCluster match = search(tokens);
        if (match == null) {
            match = new LogCluster(nextId++, tokens.clone(), line.spaces().clone());
            clusters.put(match.id, match);
            addToTree(match);
        } else {
            match.generalise(tokens);
        }
        return match;
    }

    /** The clusters still kept, oldest first. */
    List<LogCluster> clusters() {
        return new ArrayList<>(clusters.values());
    }

    private LogCluster search(String[] tokens) {
        Node node = root.children.get(Integer.toString(tokens.length));
        if (node == null) return null;
        int depth = 1;
        for (String token : tokens) {
            if (depth >= maxNodeDepth || depth == tokens.length) break;
            Node next = node.children.get(token);
            if (next == null) next = node.children.get(PLACEHOLDER);
            if (next == null) return null;
            node = next;
            depth++;
        }
        return bestMatch(node.clusterIds, tokens);
    }

    /** The most similar cluster at a leaf, preferring the more general one on ties; null below the threshold. */
    private LogCluster bestMatch(List<Integer> ids, String[] tokens) {
        LogCluster best = null;
        double bestSimilarity = -1;
        int bestPlaceholders = -1;
        for (int id : ids) {
            LogCluster c = clusters.get(id); // a get also marks the cluster as recently used, as Loki's LRU does
            if (c == null) continue;
            int equal = 0, placeholders = 0;
            for (int i = 0; i < tokens.length; i++) {
                String t = c.tokens[i];
                if (t.equals(PLACEHOLDER)) placeholders++;
                else if (t.equals(tokens[i])) equal++;
            }
            double similarity = tokens.length == 0 ? 1 : (double) equal / tokens.length;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && placeholders > bestPlaceholders)) {
                best = c;
                bestSimilarity = similarity;
                bestPlaceholders = placeholders;
            }
        }
        return bestSimilarity >= SIMILARITY_THRESHOLD ? best : null;
    }

    private void addToTree(LogCluster cluster) {
        String[] tokens = cluster.tokens;
        Node node = root.children.computeIfAbsent(Integer.toString(tokens.length), k -> new Node());
        if (tokens.length == 0) {
            node.clusterIds.add(cluster.id);
            return;
        }
        int depth = 1;
        for (String token : tokens) {
            if (depth >= maxNodeDepth || depth >= tokens.length) {
                node.clusterIds.removeIf(id -> !clusters.containsKey(id)); // forget dropped clusters
                node.clusterIds.add(cluster.id);
                return;
            }
            node = node.childFor(token);
            depth++;
        }
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final List<Integer> clusterIds = new ArrayList<>();

        /**
         * The child a new cluster's token leads to. Tokens with digits are likely variables: they share the
         * placeholder child. Others get a child of their own while the node has room, then share the placeholder.
         */
        Node childFor(String token) {
            Node existing = children.get(token);
            if (existing != null) return existing;
            if (hasNumber(token)) return children.computeIfAbsent(PLACEHOLDER, k -> new Node());
            boolean hasPlaceholder = children.containsKey(PLACEHOLDER);
            // Keep one slot for the placeholder child, so that a full node can still take any token.
            int room = hasPlaceholder ? MAX_CHILDREN - children.size() : MAX_CHILDREN - 1 - children.size();
            if (room > 0) {
                Node n = new Node();
                children.put(token, n);
                return n;
            }
            return children.computeIfAbsent(PLACEHOLDER, k -> new Node());
        }
    }

    private static boolean hasNumber(String token) {
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            if (TokenizedLine.isNumber(cp)) return true;
            i += Character.charCount(cp);
        }
        return false;
    }
}
