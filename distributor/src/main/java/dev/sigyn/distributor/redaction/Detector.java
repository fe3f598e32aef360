package dev.sigyn.distributor.redaction;

import com.google.re2j.Pattern;

/**
 * A built-in detector: the RE2 expression that finds its values, and whether a found value really is one (the Luhn
 * check of card numbers). The value masked is the expression's first capture group that took part in the match, else
 * the whole match, so that {@code password=hunter2} keeps its key. Which lines are worth matching at all is
 * {@link TriggerScan}'s job.
 *
 * @param bit the detector's bit in {@link TriggerScan}'s masks
 */
record Detector(String name, int bit, Pattern pattern, ValueCheck check) {
    /** Decides whether bytes {@code [from, to)} of a line are a value of the detector, beyond matching its pattern. */
    @FunctionalInterface
    interface ValueCheck {
        ValueCheck ANY = (line, from, to) -> true;

        boolean accepts(byte[] line, int from, int to);
    }
}
