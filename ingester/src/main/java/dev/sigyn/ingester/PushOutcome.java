package dev.sigyn.ingester;

import java.util.List;

/**
 * What the ingester did with a push. Entries not listed in an error were written (to the WAL before this returns).
 *
 * @param accepted     entries written (duplicates dropped silently are not counted)
 * @param badEntries   one message per rejected group of entries that Loki answers with 400 (e.g. "entry too far behind")
 * @param limitErrors  one message per stream refused by a limit that Loki answers with 429 (e.g. max streams)
 */
public record PushOutcome(int accepted, List<String> badEntries, List<String> limitErrors) {
    public PushOutcome {
        badEntries = List.copyOf(badEntries);
        limitErrors = List.copyOf(limitErrors);
    }

    public boolean ok() {
        return badEntries.isEmpty() && limitErrors.isEmpty();
    }
}
