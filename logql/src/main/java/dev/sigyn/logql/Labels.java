package dev.sigyn.logql;

import dev.sigyn.format.Quoting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable label set sorted by name: the identity of a stream (and the shape of structured metadata).
 * Two streams are the same stream exactly when their sorted label sets are equal.
 */
public final class Labels implements Comparable<Labels> {
    public static final Labels EMPTY = new Labels(new Label[0]);

    private final Label[] labels;
    private int hash;
    private long fingerprint;
    private boolean fingerprinted;
    /** The text form, made at the first call: answers sort streams by it. */
    private String text;

    private Labels(Label[] sorted) {
        this.labels = sorted;
    }

    /** Labels from pairs in any order; a later duplicate name replaces an earlier one. */
    public static Labels of(List<Label> pairs) {
        if (pairs.isEmpty()) return EMPTY;
        Map<String, String> m = new LinkedHashMap<>();
        for (Label l : pairs) m.put(l.name(), l.value());
        return fromMap(m);
    }

    /**
     * The union of label sets that are expected to share no name (a line's labels by category); should two share a
     * name anyway, the later set's value wins, as with {@link #of(List)}.
     */
    public static Labels union(Labels... sets) {
        int n = 0;
        Labels only = EMPTY;
        for (Labels l : sets) {
            n += l.labels.length;
            if (l.labels.length > 0) only = l;
        }
        if (n == only.labels.length) return only;
        Label[] all = new Label[n];
        int i = 0;
        for (Labels l : sets) {
            System.arraycopy(l.labels, 0, all, i, l.labels.length);
            i += l.labels.length;
        }
        Arrays.sort(all);
        for (int k = 1; k < all.length; k++) {
            if (all[k].name().equals(all[k - 1].name())) {
                List<Label> pairs = new ArrayList<>(n);
                for (Labels l : sets) pairs.addAll(l.asList());
                return of(pairs);
            }
        }
        return new Labels(all);
    }

    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values must pair up");
        List<Label> l = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) l.add(new Label(namesAndValues[i], namesAndValues[i + 1]));
        return of(l);
    }

    public static Labels fromMap(Map<String, String> map) {
        if (map.isEmpty()) return EMPTY;
        Label[] arr = new Label[map.size()];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) arr[i++] = new Label(e.getKey(), e.getValue());
        Arrays.sort(arr);
        return new Labels(arr);
    }

    public int size() { return labels.length; }
    public boolean isEmpty() { return labels.length == 0; }
    public Label get(int i) { return labels[i]; }
    public List<Label> asList() { return Collections.unmodifiableList(Arrays.asList(labels)); }

    /** The value of a label, or null when absent. */
    public String get(String name) {
        for (Label l : labels) if (l.name().equals(name)) return l.value();
        return null;
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Label l : labels) m.put(l.name(), l.value());
        return m;
    }

    /** A stable 64-bit hash of the label set (FNV-1a over name 0xff value 0xff ...); stored in chunk keys and the index. */
    public long fingerprint() {
        if (!fingerprinted) {
            long h = 0xcbf29ce484222325L;
            for (Label l : labels) {
                h = fnv(h, l.name());
                h = (h ^ 0xff) * 0x100000001b3L;
                h = fnv(h, l.value());
                h = (h ^ 0xff) * 0x100000001b3L;
            }
            fingerprint = h;
            fingerprinted = true;
        }
        return fingerprint;
    }

    private static long fnv(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        return h;
    }

    /** Loki's text form: {@code {app="web", env="prod"}} with Go-style quoting of values. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) text = t = format();
        return t;
    }

    private String format() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(labels[i].name()).append('=');
            Quoting.quote(sb, labels[i].value());
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) hash = h = Arrays.hashCode(labels);
        return h;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(labels.length, o.labels.length);
        for (int i = 0; i < n; i++) {
            int c = labels[i].compareTo(o.labels[i]);
            if (c != 0) return c;
        }
        return Integer.compare(labels.length, o.labels.length);
    }
}
