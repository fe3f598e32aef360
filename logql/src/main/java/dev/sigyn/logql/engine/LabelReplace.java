package dev.sigyn.logql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.UserRegex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code label_replace(v, dst, replacement, src, regex)}: where the anchored regex matches the value of {@code src}
 * (empty when absent), {@code dst} becomes the replacement with {@code $1}, {@code ${name}} ... expanded as Go's
 * regexp.Expand does; an empty result removes {@code dst}. Elements that do not match pass unchanged.
 */
public final class LabelReplace {
    private final String dst;
    private final String replacement;
    private final String src;
    private final Pattern regex;
    private final Map<String, Integer> groupIndex;

    public LabelReplace(String dst, String replacement, String src, String regex) {
        this.dst = dst;
        this.replacement = replacement;
        this.src = src;
        try {
            this.regex = UserRegex.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression in label_replace(): " + regex, e);
        }
        this.groupIndex = this.regex.namedGroups();
    }

    public StepEvaluator evaluate(StepEvaluator input) {
        Map<Labels, Labels> cache = new HashMap<>();
        return StepEvaluators.map(input, v -> {
            List<LabeledValue> out = new ArrayList<>(v.elements().size());
            for (LabeledValue e : v.elements()) {
                out.add(new LabeledValue(cache.computeIfAbsent(e.labels(), this::apply), e.value()));
            }
            return new Vector(v.tsNanos(), out);
        });
    }

    /** The relabelled label set of one element. */
    public Labels apply(Labels in) {
        String value = in.get(src);
        if (value == null) value = "";
        Matcher m = regex.matcher(value);
        if (!m.matches()) return in;
        String result = expand(m);
        Map<String, String> map = new HashMap<>(in.toMap());
        map.remove(dst);
        if (!result.isEmpty()) map.put(dst, result);
        return Labels.fromMap(map);
    }

    // Go's regexp.Expand: $name or ${name}, where a name is the longest run of letters, digits and underscores;
    // a number refers to a group by index; unknown or out-of-range groups expand to nothing; $$ is a dollar.
    private String expand(Matcher m) {
        StringBuilder sb = new StringBuilder();
        String t = replacement;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c != '$') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 < t.length() && t.charAt(i + 1) == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            int nameStart, nameEnd, next;
            if (i + 1 < t.length() && t.charAt(i + 1) == '{') {
                nameStart = i + 2;
                nameEnd = nameStart;
                while (nameEnd < t.length() && isNameChar(t.charAt(nameEnd))) nameEnd++;
                if (nameEnd == nameStart || nameEnd >= t.length() || t.charAt(nameEnd) != '}') {
                    sb.append('$'); // malformed reference: Go keeps the dollar literally
                    i++;
                    continue;
                }
                next = nameEnd + 1;
            } else {
                nameStart = i + 1;
                nameEnd = nameStart;
                while (nameEnd < t.length() && isNameChar(t.charAt(nameEnd))) nameEnd++;
                if (nameEnd == nameStart) {
                    sb.append('$');
                    i++;
                    continue;
                }
                next = nameEnd;
            }
            String group = group(m, t.substring(nameStart, nameEnd));
            if (group != null) sb.append(group);
            i = next;
        }
        return sb.toString();
    }

    private String group(Matcher m, String name) {
        int index = -1;
        if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            try {
                index = Integer.parseInt(name);
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        } else if (groupIndex.containsKey(name)) {
            index = groupIndex.get(name);
        }
        if (index < 0 || index > m.groupCount()) return null;
        return m.group(index);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
