package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** Loki's rules for turning extracted keys into label names, and for deciding which names a query needs. */
final class LabelNames {
    private LabelNames() {
    }

    /**
     * Loki's sanitisation of a key: surrounding blanks trimmed, a leading digit prefixed with '_', every character
     * other than ASCII letters, digits and '_' replaced by '_'.
     */
    static String sanitize(String key) {
        String k = key.strip();
        if (k.isEmpty()) return k;
        StringBuilder sb = new StringBuilder(k.length() + 1);
        if (k.charAt(0) >= '0' && k.charAt(0) <= '9') sb.append('_');
        k.codePoints().forEach(cp -> sb.append(isNameChar(cp) ? (char) cp : '_'));
        return sb.toString();
    }

    /**
     * Appends the sanitised form of the UTF-8 key {@code buf[from..to)} to {@code out} (one '_' per non-name
     * character, as Go iterates runes); a leading digit gets a '_' only when {@code out} is empty.
     */
    static void appendSanitized(ByteBuilder out, byte[] buf, int from, int to) {
        while (from < to && isBlank(buf[from])) from++;
        while (to > from && isBlank(buf[to - 1])) to--;
        if (from == to) return;
        if (out.length() == 0 && buf[from] >= '0' && buf[from] <= '9') out.append((byte) '_');
        int i = from;
        while (i < to) {
            int b = buf[i] & 0xff;
            if (b < 0x80) {
                out.append(isNameChar(b) ? (byte) b : (byte) '_');
                i++;
            } else {
                out.append((byte) '_');
                i += utf8Length(buf, i, to);
            }
        }
    }

    /** Length of the valid UTF-8 sequence at {@code i}, or 1 for an invalid byte (Go's RuneError width). */
    private static int utf8Length(byte[] buf, int i, int to) {
        int b = buf[i] & 0xff;
        int n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 1;
        if (b >= 0xF5) n = 1;
        if (n == 1 || i + n > to) return 1;
        for (int k = 1; k < n; k++) if ((buf[i + k] & 0xC0) != 0x80) return 1;
        return n;
    }

    static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
    }

    /** A valid Prometheus label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    static boolean isValid(String name) {
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) return false;
        for (int i = 0; i < name.length(); i++) if (!isNameChar(name.charAt(i))) return false;
        return true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    /** The name under which an extracted key is stored: with {@code _extracted} when the stream or metadata has it. */
    static String deduplicate(String name, LabelsBuilder labels) {
        return labels.clashes(name) ? name + LabelsBuilder.DUPLICATE_SUFFIX : name;
    }

    /** Like {@link #deduplicate(String, LabelsBuilder)}, remembering suffixed names so clashing keys cost no allocation. */
    static String deduplicate(String name, LabelsBuilder labels, Map<String, String> suffixed) {
        if (!labels.clashes(name)) return name;
        return suffixed.computeIfAbsent(name, n -> n + LabelsBuilder.DUPLICATE_SUFFIX);
    }

    /** Whether a parser should extract {@code name}; {@code needed == null} means every label. */
    static boolean needed(Set<String> needed, String name) {
        if (needed == null || needed.contains(name)) return true;
        return name.endsWith(LabelsBuilder.DUPLICATE_SUFFIX)
                && needed.contains(name.substring(0, name.length() - LabelsBuilder.DUPLICATE_SUFFIX.length()));
    }

    /** Whether some needed label may start with this flattened prefix (for nested JSON objects). */
    static boolean neededPrefix(Set<String> needed, String prefix) {
        if (needed == null) return true;
        for (String n : needed) if (n.startsWith(prefix)) return true;
        return false;
    }

    /** A growable byte array, reused line after line. */
    static final class ByteBuilder {
        private byte[] bytes = new byte[64];
        private int length;

        int length() {
            return length;
        }

        void setLength(int length) {
            this.length = length;
        }

        void append(byte b) {
            if (length == bytes.length) bytes = Arrays.copyOf(bytes, length * 2);
            bytes[length++] = b;
        }

        void append(String ascii) {
            for (int i = 0; i < ascii.length(); i++) append((byte) ascii.charAt(i));
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }
}
