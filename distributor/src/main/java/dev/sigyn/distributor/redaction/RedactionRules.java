package dev.sigyn.distributor.redaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RedactionRule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's {@code limits_config.redaction} compiled: the rules in their configured order ({@code builtin: all}
 * expanded to every detector), each applied to the output of the ones before. Immutable and thread-safe; a push
 * counts its redactions in its own {@link RedactionPass}.
 */
public final class RedactionRules {
    /** Hash keys shorter than this would let anyone who guesses the key test candidate values against the hashes. */
    static final int MIN_SECRET_BYTES = 16;
    static final RedactionRules NONE = new RedactionRules(List.of(), new byte[0]);

    private final CompiledRule[] rules;
    private final byte[] secret;
    /** The bits of the detectors in use, for {@link TriggerScan}. */
    private final int wanted;
    /** Whether a rule has no hint and runs on every value. */
    private final boolean unhinted;
    private final boolean anyForLabels;

    private RedactionRules(List<CompiledRule> rules, byte[] secret) {
        this.rules = rules.toArray(CompiledRule[]::new);
        this.secret = secret;
        int bits = 0;
        boolean always = false;
        boolean labels = false;
        for (CompiledRule r : rules) {
            bits |= r.bit();
            always |= r.bit() == 0;
            labels |= r.labels();
        }
        this.wanted = bits;
        this.unhinted = always;
        this.anyForLabels = labels;
    }

    /**
     * Compiles the redaction rules of {@code limits}; throws {@link IllegalArgumentException} naming the rule that
     * cannot run (an invalid RE2 pattern, a template naming a missing group, a hash rule without
     * {@code redaction_hash_secret}), which refuses start-up or a runtime overrides file.
     */
    public static RedactionRules compile(LimitsConfig limits) {
        List<RedactionRule> configured = limits.redaction();
        if (configured.isEmpty()) return NONE;
        byte[] secret = limits.redactionHashSecret().getBytes(StandardCharsets.UTF_8);
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            RedactionRule r = configured.get(i);
            String where = "limits_config.redaction[" + i + "] (" + (r.name().isEmpty() ? r.builtin() : r.name())
                    + "): ";
            if (r.action() == RedactionRule.Action.HASH && secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(where + "action hash needs limits_config.redaction_hash_secret, "
                        + (secret.length == 0 ? "which is not set" : "of at least " + MIN_SECRET_BYTES + " bytes"));
            }
            if (r.builtin().equals(RedactionRule.ALL)) {
                for (Detector d : Detectors.all()) compiled.add(ofDetector(d, d.name(), r));
            } else if (!r.builtin().isEmpty()) {
                compiled.add(ofDetector(Detectors.named(r.builtin()), r.name(), r));
            } else {
                try {
                    compiled.add(ofPattern(r));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + "invalid RE2 pattern: " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + e.getMessage(), e);
                }
            }
        }
        return new RedactionRules(compiled, secret);
    }

    private static CompiledRule ofDetector(Detector d, String name, RedactionRule r) {
        Replacement replacement = r.action() == RedactionRule.Action.HASH ? Replacement.Hash.named(name)
                : new Replacement.Fixed(r.replacement().isEmpty() ? "[REDACTED:" + name + "]" : r.replacement());
        return new CompiledRule(name, d.bit(), d.pattern(), d.check(), false, replacement, r.labels());
    }

    private static CompiledRule ofPattern(RedactionRule r) {
        Pattern p = Pattern.compile(r.pattern());
        if (r.action() == RedactionRule.Action.HASH) {
            return new CompiledRule(r.name(), 0, p, Detector.ValueCheck.ANY, false, Replacement.Hash.named(r.name()),
                    r.labels());
        }
        Replacement replacement = r.replacement().isEmpty() ? new Replacement.Fixed("[REDACTED:" + r.name() + "]")
                : Replacement.Template.parse(r.replacement(), p.groupCount(), p.namedGroups());
        return new CompiledRule(r.name(), 0, p, Detector.ValueCheck.ANY, true, replacement, r.labels());
    }

    boolean isEmpty() {
        return rules.length == 0;
    }

    boolean appliesToLabels() {
        return anyForLabels;
    }

    int size() {
        return rules.length;
    }

    String name(int rule) {
        return rules[rule].name();
    }

    RedactionPass newPass() {
        return new RedactionPass(rules.length, secret);
    }

    /** {@code value} (a line or a structured metadata value) redacted; the same array when nothing was found. */
    byte[] redact(byte[] value, RedactionPass pass) {
        int hints = wanted == 0 ? 0 : TriggerScan.hints(value, wanted);
        if (hints == 0 && !unhinted) return value;
        byte[] out = value;
        for (int i = 0; i < rules.length; i++) {
            CompiledRule r = rules[i];
            if (r.bit() != 0 && (hints & r.bit()) == 0) continue;
            out = r.apply(out, pass, i);
        }
        return out;
    }

    /** A stream label value redacted by the rules with {@code labels: true}; the same string when nothing was found. */
    String redactLabelValue(String value, RedactionPass pass) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = bytes;
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].labels()) out = rules[i].apply(out, pass, i);
        }
        return out == bytes ? value : new String(out, StandardCharsets.UTF_8);
    }
}
