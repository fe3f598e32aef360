package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The labels of the log line being processed: the stream's labels, overlaid with the entry's structured metadata
 * and the labels parsers extracted, minus deleted ones, plus the error ({@code __error__}) and its details
 * ({@code __error_details__}). One builder serves every line of a stream: {@link #reset()} clears the overlay
 * without allocating.
 *
 * <p>As in Loki, a name lives in at most one category: a parsed label hides structured metadata and stream labels of
 * that name, and structured metadata hides a stream label.
 */
public final class LabelsBuilder {
    public static final String ERROR_LABEL = "__error__";
    public static final String ERROR_DETAILS_LABEL = "__error_details__";
    /** Appended to an extracted label whose name the stream (or the entry's metadata) already has. */
    public static final String DUPLICATE_SUFFIX = "_extracted";

    private static final LabelCategory[] CATEGORIES = LabelCategory.values();

    private final Labels stream;
    private final Overlay[] added = {new Overlay(), new Overlay(), new Overlay()};
    private final List<String> deleted = new ArrayList<>();
    private String error = "";
    private String errorDetails = "";
    /**
     * The entry's structured metadata as it was given, while the metadata labels are exactly those: lines that no
     * stage changed hand it on as it is instead of building it again.
     */
    private Labels metadataAsGiven;

    public LabelsBuilder(Labels stream) {
        this.stream = stream;
    }

    /** Forgets everything about the previous line. */
    public void reset() {
        metadataAsGiven = null;
        for (Overlay o : added) o.clear();
        deleted.clear();
        error = "";
        errorDetails = "";
    }

    /** The stream's own labels, unaffected by stages. */
    public Labels stream() {
        return stream;
    }

    /**
     * Adds an entry's structured metadata. A name the stream already has gets {@link #DUPLICATE_SUFFIX};
     * {@code __error__} and {@code __error_details__} set the error instead.
     */
    public void addStructuredMetadata(Labels metadata) {
        boolean asGiven = added[LabelCategory.STRUCTURED_METADATA.ordinal()].size() == 0;
        for (int i = 0; i < metadata.size() && asGiven; i++) {
            String name = metadata.get(i).name();
            asGiven = stream.get(name) == null && !name.equals(ERROR_LABEL) && !name.equals(ERROR_DETAILS_LABEL);
        }
        for (int i = 0; i < metadata.size(); i++) {
            Label l = metadata.get(i);
            String name = stream.get(l.name()) != null ? l.name() + DUPLICATE_SUFFIX : l.name();
            switch (name) {
                case ERROR_LABEL -> error = l.value();
                case ERROR_DETAILS_LABEL -> errorDetails = l.value();
                default -> set(LabelCategory.STRUCTURED_METADATA, name, l.value());
            }
        }
        metadataAsGiven = asGiven ? metadata : null;
    }

    /** True when the stream itself has a (non-empty) label of this name. */
    public boolean streamHas(String name) {
        String v = streamValue(name);
        return v != null && !v.isEmpty();
    }

    /**
     * The last few names looked up in the stream labels (by identity) and their values: parsers, label filters and
     * groupings ask about the same few names line after line (a parser's clash checks, a filter, a grouping: more
     * than two), and a linear search of the stream labels each time shows in profiles.
     */
    private static final int MEMO_SIZE = 4;
    private final String[] memoNames = new String[MEMO_SIZE];
    private final String[] memoValues = new String[MEMO_SIZE];
    private int memoNext;

    private String streamValue(String name) {
        for (int i = 0; i < MEMO_SIZE; i++) {
            if (name == memoNames[i]) return memoValues[i];
        }
        String v = stream.get(name);
        memoNames[memoNext] = name;
        memoValues[memoNext] = v;
        memoNext = (memoNext + 1) & (MEMO_SIZE - 1);
        return v;
    }

    /** True when the name is taken by the stream or the entry's structured metadata: an extracted label gets a suffix. */
    public boolean clashes(String name) {
        return streamHas(name) || added[LabelCategory.STRUCTURED_METADATA.ordinal()].indexOf(name) >= 0;
    }

    /** The current value of a label, or null when absent (an empty stream label counts as absent). */
    public String get(String name) {
        for (Overlay o : added) {
            int i = o.indexOf(name);
            if (i >= 0) return o.value(i);
        }
        if (deleted.contains(name)) return null;
        String v = streamValue(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The category of a present label, or null when absent. */
    public LabelCategory categoryOf(String name) {
        for (int c = 0; c < added.length; c++) {
            if (added[c].indexOf(name) >= 0) return CATEGORIES[c];
        }
        if (deleted.contains(name)) return null;
        return streamHas(name) ? LabelCategory.STREAM : null;
    }

    /** Sets a parsed label (what parsers and {@code label_format} produce). */
    public void set(String name, String value) {
        set(LabelCategory.PARSED, name, value);
    }

    /** Sets a label in a category, following Loki's precedence: parsed over structured metadata over stream. */
    public void set(LabelCategory category, String name, String value) {
        metadataAsGiven = null;
        Overlay metadata = added[LabelCategory.STRUCTURED_METADATA.ordinal()];
        Overlay parsed = added[LabelCategory.PARSED.ordinal()];
        Overlay streamOverrides = added[LabelCategory.STREAM.ordinal()];
        switch (category) {
            case PARSED -> {
                metadata.remove(name);
                streamOverrides.remove(name);
            }
            case STRUCTURED_METADATA -> {
                streamOverrides.remove(name);
                if (parsed.indexOf(name) >= 0) return;
            }
            case STREAM -> {
                if (metadata.indexOf(name) >= 0 || parsed.indexOf(name) >= 0) return;
            }
        }
        added[category.ordinal()].put(name, value);
    }

    /** Removes a label whatever its category. */
    public void delete(String name) {
        metadataAsGiven = null;
        for (Overlay o : added) o.remove(name);
        if (!deleted.contains(name)) deleted.add(name);
    }

    public boolean hasError() {
        return !error.isEmpty();
    }

    /** The error name ({@code JSONParserErr}, ...), or "" when none. */
    public String error() {
        return error;
    }

    public void setError(String error) {
        this.error = error == null ? "" : error;
    }

    public String errorDetails() {
        return errorDetails;
    }

    public void setErrorDetails(String details) {
        this.errorDetails = details == null ? "" : details;
    }

    /** Sets the error and, when non-null, its details. */
    public void setError(String error, String details) {
        setError(error);
        if (details != null) setErrorDetails(details);
    }

    /** True when no stage changed the stream's labels: callers may reuse {@link #stream()} as the line's labels. */
    public boolean unchanged() {
        if (!deleted.isEmpty() || hasError() || !errorDetails.isEmpty()) return false;
        for (Overlay o : added) if (o.size() > 0) return false;
        return true;
    }

    /** All current labels, including {@code __error__} and {@code __error_details__} when set. */
    public Labels labels() {
        if (unchanged()) return stream;
        List<Label> out = new ArrayList<>(stream.size() + 8);
        for (LabelCategory c : CATEGORIES) appendCategory(c, out);
        return Labels.of(out);
    }

    /**
     * The current labels of one category. As in Loki's responses, the error labels belong to
     * {@link LabelCategory#PARSED}.
     */
    public Labels labels(LabelCategory category) {
        if (category == LabelCategory.STRUCTURED_METADATA && metadataAsGiven != null) return metadataAsGiven;
        if (category == LabelCategory.STREAM && streamUnchanged()) return stream;
        if (category != LabelCategory.STREAM && added[category.ordinal()].size() == 0
                && (category != LabelCategory.PARSED || (!hasError() && errorDetails.isEmpty()))) {
            return Labels.EMPTY;
        }
        List<Label> out = new ArrayList<>();
        appendCategory(category, out);
        return Labels.of(out);
    }

    /** True when the stream's labels are all current, none deleted, overridden or shadowed by another category. */
    private boolean streamUnchanged() {
        if (!deleted.isEmpty() || added[LabelCategory.STREAM.ordinal()].size() > 0) return false;
        for (int c = LabelCategory.STRUCTURED_METADATA.ordinal(); c <= LabelCategory.PARSED.ordinal(); c++) {
            Overlay o = added[c];
            for (int i = 0; i < o.size(); i++) if (stream.get(o.name(i)) != null) return false;
        }
        return true;
    }

    /** Calls {@code visitor} for every current label (errors included), in no particular order. */
    public void forEach(BiConsumer<String, String> visitor) {
        List<Label> all = new ArrayList<>();
        for (LabelCategory c : CATEGORIES) appendCategory(c, all);
        for (Label l : all) visitor.accept(l.name(), l.value());
    }

    /** Makes this builder a copy of {@code other} (same stream assumed), e.g. to give templates a stable view. */
    void copyFrom(LabelsBuilder other) {
        for (int c = 0; c < added.length; c++) added[c].copyFrom(other.added[c]);
        metadataAsGiven = other.metadataAsGiven;
        deleted.clear();
        deleted.addAll(other.deleted);
        error = other.error;
        errorDetails = other.errorDetails;
    }

    private void appendCategory(LabelCategory category, List<Label> out) {
        Overlay metadata = added[LabelCategory.STRUCTURED_METADATA.ordinal()];
        Overlay parsed = added[LabelCategory.PARSED.ordinal()];
        switch (category) {
            case STREAM -> {
                Overlay overrides = added[LabelCategory.STREAM.ordinal()];
                for (int i = 0; i < stream.size(); i++) {
                    Label l = stream.get(i);
                    String name = l.name();
                    if (deleted.contains(name) || metadata.indexOf(name) >= 0 || parsed.indexOf(name) >= 0) continue;
                    int o = overrides.indexOf(name);
                    out.add(o >= 0 ? new Label(name, overrides.value(o)) : l);
                }
                for (int i = 0; i < overrides.size(); i++) {
                    if (stream.get(overrides.name(i)) == null) out.add(overrides.label(i));
                }
            }
            case STRUCTURED_METADATA -> {
                for (int i = 0; i < metadata.size(); i++) {
                    if (parsed.indexOf(metadata.name(i)) < 0) out.add(metadata.label(i));
                }
            }
            case PARSED -> {
                for (int i = 0; i < parsed.size(); i++) out.add(parsed.label(i));
                if (hasError()) out.add(new Label(ERROR_LABEL, error));
                if (!errorDetails.isEmpty()) out.add(new Label(ERROR_DETAILS_LABEL, errorDetails));
            }
        }
    }

    @Override
    public String toString() {
        return labels().toString();
    }

    /**
     * Names and values added in one category, in insertion order. Plain arrays rather than lists: they are cleared
     * and refilled for every line, and clearing a list nulls its slots each time.
     */
    private static final class Overlay {
        private String[] names = new String[4];
        private String[] values = new String[4];
        private int size;

        int size() {
            return size;
        }

        String name(int i) {
            return names[i];
        }

        String value(int i) {
            return values[i];
        }

        int indexOf(String name) {
            for (int i = 0; i < size; i++) {
                String n = names[i];
                if (n == name || n.equals(name)) return i;
            }
            return -1;
        }

        void put(String name, String value) {
            int i = indexOf(name);
            if (i >= 0) {
                values[i] = value;
                return;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
        }

        void remove(String name) {
            int i = indexOf(name);
            if (i < 0) return;
            System.arraycopy(names, i + 1, names, i, size - i - 1);
            System.arraycopy(values, i + 1, values, i, size - i - 1);
            size--;
            names[size] = null;
            values[size] = null;
        }

        Label label(int i) {
            return new Label(names[i], values[i]);
        }

        /** Forgets the entries; the stale references left in the arrays are overwritten by the next line's. */
        void clear() {
            size = 0;
        }

        void copyFrom(Overlay other) {
            if (names.length < other.size) {
                names = new String[other.names.length];
                values = new String[other.names.length];
            }
            System.arraycopy(other.names, 0, names, 0, other.size);
            System.arraycopy(other.values, 0, values, 0, other.size);
            size = other.size;
        }
    }
}
