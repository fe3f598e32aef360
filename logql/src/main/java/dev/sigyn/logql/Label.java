package dev.sigyn.logql;

/** One name/value pair of a stream's label set or of an entry's structured metadata. */
public record Label(String name, String value) implements Comparable<Label> {
    @Override
    public int compareTo(Label o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : value.compareTo(o.value);
    }
}
