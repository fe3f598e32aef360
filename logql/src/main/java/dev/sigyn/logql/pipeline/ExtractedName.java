package dev.sigyn.logql.pipeline;

import java.util.Set;

/**
 * A parsed key's label name under both spellings it can take (plain, or with {@code _extracted} when the stream or
 * metadata already has the name) and whether the query needs each, worked out once per key so that keys the query
 * never reads are skipped without a label lookup.
 */
record ExtractedName(String plain, String suffixed, boolean plainNeeded, boolean suffixedNeeded) {
    /** @param needed the labels the query uses, or null for all; an empty name is never extracted */
    static ExtractedName of(String name, Set<String> needed) {
        String suffixed = name + LabelsBuilder.DUPLICATE_SUFFIX;
        boolean valid = !name.isEmpty();
        return new ExtractedName(name, suffixed, valid && LabelNames.needed(needed, name),
                valid && LabelNames.needed(needed, suffixed));
    }

    /** The name to store the value under for this line's labels, or null when the query does not need it. */
    String resolve(LabelsBuilder labels) {
        if (!plainNeeded && !suffixedNeeded) return null;
        if (labels.clashes(plain)) return suffixedNeeded ? suffixed : null;
        return plainNeeded ? plain : null;
    }
}
