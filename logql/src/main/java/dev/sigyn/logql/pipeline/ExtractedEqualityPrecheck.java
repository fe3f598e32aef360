package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.filter.SubstringFinder;

import java.nio.charset.StandardCharsets;

/**
 * Put before {@code | json} or {@code | logfmt} when the stage right after is a label filter requiring
 * {@code name="value"}: a line can only pass if the parser extracts that value from it, and an extracted value is
 * the line's own bytes unless the parser decoded an escape (which needs a backslash). So a line holding neither the
 * value's bytes nor a backslash is dropped before it is parsed, the parser's whole cost, unless the label may come
 * from elsewhere: the stream or the entry's structured metadata (then the extracted one would be renamed).
 */
public final class ExtractedEqualityPrecheck implements Stage {
    private static final SubstringFinder BACKSLASH = new SubstringFinder(new byte[]{'\\'}, false);

    private final String name;
    private final SubstringFinder value;

    /** @param value non-empty */
    public ExtractedEqualityPrecheck(String name, String value) {
        if (value.isEmpty()) throw new IllegalArgumentException("an empty value matches lines without the label");
        this.name = name;
        this.value = new SubstringFinder(value.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (labels.clashes(name)) return true;
        byte[] bytes = line.bytes();
        int length = line.length();
        return value.indexOf(bytes, 0, length) >= 0 || BACKSLASH.indexOf(bytes, 0, length) >= 0;
    }

    @Override
    public String toString() {
        return "precheck(" + name + " needs its value in the line)";
    }
}
