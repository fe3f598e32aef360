package dev.sigyn.distributor.redaction;

/** The redactions of one push: how many values each rule replaced, and the HMAC its hash rules share. */
final class RedactionPass {
    private final int[] counts;
    private final Replacement.Hashing hashing;

    RedactionPass(int rules, byte[] secret) {
        this.counts = new int[rules];
        this.hashing = new Replacement.Hashing(secret);
    }

    void count(int rule, int values) {
        counts[rule] += values;
    }

    int count(int rule) {
        return counts[rule];
    }

    Replacement.Hashing hashing() {
        return hashing;
    }
}
