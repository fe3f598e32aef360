package dev.sigyn.logql.pipeline;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.logql.UserRegex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code | regexp "(?P<name>re)"}: the named groups of the first (leftmost) match become labels; a group that
 * took no part in the match gives an empty label. A line that does not match is kept unchanged.
 */
final class RegexpParser implements Stage {
    private final Pattern pattern;
    private final int[] groups;
    private final String[] names;
    private final Set<String> needed;
    private final Map<String, String> suffixed = new HashMap<>();

    RegexpParser(String regex, Set<String> needed) {
        try {
            pattern = UserRegex.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, Integer> named = pattern.namedGroups();
        if (named.isEmpty()) throw new IllegalArgumentException("at least one named capture must be supplied");
        groups = new int[named.size()];
        names = new String[named.size()];
        int k = 0;
        for (Map.Entry<String, Integer> e : named.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
            if (!LabelNames.isValid(e.getKey())) {
                throw new IllegalArgumentException("invalid extracted label name '" + e.getKey() + "'");
            }
            names[k] = e.getKey();
            groups[k++] = e.getValue();
        }
        this.needed = needed;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        byte[] bytes = line.bytes().length == line.length() ? line.bytes() : Arrays.copyOf(line.bytes(), line.length());
        Matcher m = pattern.matcher(bytes);
        if (!m.find()) return true;
        for (int i = 0; i < groups.length; i++) {
            String name = LabelNames.deduplicate(names[i], labels, suffixed);
            if (!LabelNames.needed(needed, name)) continue;
            String value = m.group(groups[i]);
            labels.set(name, value == null ? "" : value);
        }
        return true;
    }
}
