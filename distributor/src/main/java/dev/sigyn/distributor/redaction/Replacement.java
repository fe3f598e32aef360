package dev.sigyn.distributor.redaction;

import com.google.re2j.Matcher;
import dev.sigyn.store.bytes.ByteSink;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** What a rule writes in place of the value it found. */
sealed interface Replacement {
    /**
     * Writes the replacement of bytes {@code [from, to)} of {@code line}, the value {@code m} found; {@code hashing}
     * holds the push's HMAC.
     */
    void write(ByteSink out, byte[] line, int from, int to, Matcher m, Hashing hashing);

    /** The same bytes for every value: {@code [REDACTED:name]} or a builtin's replacement text. */
    record Fixed(byte[] text) implements Replacement {
        Fixed(String text) {
            this(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(ByteSink out, byte[] line, int from, int to, Matcher m, Hashing hashing) {
            out.writeBytes(text);
        }
    }

    /**
     * A custom rule's template: literal text with {@code $1}, {@code ${1}} or {@code ${name}} standing for a capture
     * group's bytes (empty when the group took no part), {@code $$} for a dollar sign. Parsed once, at compile time.
     */
    record Template(List<Part> parts) implements Replacement {
        sealed interface Part {
        }

        record Literal(byte[] bytes) implements Part {
        }

        record Group(int index) implements Part {
        }

        /** Refuses a group the pattern does not have, naming it, so that a typo fails when the rule is loaded. */
        static Template parse(String template, int groupCount, Map<String, Integer> named) {
            List<Part> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                if (c != '$') {
                    literal.append(c);
                    continue;
                }
                if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
                    literal.append('$');
                    i++;
                    continue;
                }
                String ref;
                int next;
                if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                    int close = template.indexOf('}', i + 2);
                    if (close < 0) throw new IllegalArgumentException("replacement has an unclosed ${ at " + i);
                    ref = template.substring(i + 2, close);
                    next = close;
                } else {
                    int j = i + 1;
                    while (j < template.length() && Character.isDigit(template.charAt(j))) j++;
                    if (j == i + 1) throw new IllegalArgumentException("replacement has a $ without a group at " + i
                            + " (write $$ for a dollar sign)");
                    ref = template.substring(i + 1, j);
                    next = j - 1;
                }
                int group;
                if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
                    group = Integer.parseInt(ref);
                    if (group > groupCount) throw new IllegalArgumentException("replacement refers to group $" + ref
                            + " but the pattern has " + groupCount + " group(s)");
                } else {
                    Integer index = named.get(ref);
                    if (index == null) throw new IllegalArgumentException("replacement refers to group ${" + ref
                            + "} that the pattern does not name");
                    group = index;
                }
                if (!literal.isEmpty()) parts.add(new Literal(literal.toString().getBytes(StandardCharsets.UTF_8)));
                literal.setLength(0);
                parts.add(new Group(group));
                i = next;
            }
            if (!literal.isEmpty()) parts.add(new Literal(literal.toString().getBytes(StandardCharsets.UTF_8)));
            return new Template(List.copyOf(parts));
        }

        @Override
        public void write(ByteSink out, byte[] line, int from, int to, Matcher m, Hashing hashing) {
            for (Part p : parts) {
                switch (p) {
                    case Literal l -> out.writeBytes(l.bytes());
                    case Group g -> {
                        int s = m.start(g.index());
                        if (s >= 0) out.writeBytes(line, s, m.end(g.index()) - s);
                    }
                }
            }
        }
    }

    /**
     * {@code [HASH:name:<16 hex>]}: the first 8 bytes of the value's HMAC-SHA256 under the tenant's
     * {@code redaction_hash_secret}. Equal values give equal text, across pushes and restarts, so a line filter finds
     * every line of one value without the value being readable.
     */
    record Hash(byte[] prefix) implements Replacement {
        static Hash named(String rule) {
            return new Hash(("[HASH:" + rule + ":").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(ByteSink out, byte[] line, int from, int to, Matcher m, Hashing hashing) {
            out.writeBytes(prefix);
            out.writeBytes(hashing.hex16(line, from, to));
            out.writeByte(']');
        }
    }

    /** The HMAC of one push (a {@link Mac} is not thread-safe), made when a hash rule first matches. */
    final class Hashing {
        private final byte[] secret;
        private Mac mac;

        Hashing(byte[] secret) {
            this.secret = secret;
        }

        byte[] hex16(byte[] line, int from, int to) {
            try {
                if (mac == null) {
                    mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                }
                mac.update(line, from, to - from);
                byte[] digest = mac.doFinal();
                return HexFormat.of().formatHex(digest, 0, 8).getBytes(StandardCharsets.US_ASCII);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
    }
}
