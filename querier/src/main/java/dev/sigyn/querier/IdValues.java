package dev.sigyn.querier;

import dev.sigyn.format.GoFloats;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Loki's rule for labels not worth offering in Logs Drilldown ({@code shouldRejectLabel}): values that are all ids,
 * i.e. numbers (anything Go's {@code strconv.ParseFloat} reads) or UUIDs (the forms Google's uuid package parses).
 */
final class IdValues {
    private static final Pattern HEX_FLOAT = Pattern.compile("[+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern UUID_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    private IdValues() {}

    /**
     * True when a label with these values should be left out: no values, or only ids; one or two values that are
     * all {@code 0} or {@code 1} are flags, not ids.
     */
    static boolean reject(Collection<String> values) {
        if (values.isEmpty()) return true;
        if (values.size() <= 2 && values.stream().allMatch(v -> v.equals("0") || v.equals("1"))) return false;
        return values.stream().allMatch(IdValues::isId);
    }

    static boolean isId(String v) {
        return GoFloats.isFloat(v) || HEX_FLOAT.matcher(v).matches() || isUuid(v);
    }

    private static boolean isUuid(String v) {
        String s = v;
        if (s.length() == 45 && s.substring(0, 9).toLowerCase(Locale.ROOT).equals("urn:uuid:")) s = s.substring(9);
        else if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') s = s.substring(1, 37);
        return s.length() == 36 ? UUID.matcher(s).matches() : s.length() == 32 && UUID_HEX.matcher(s).matches();
    }
}
