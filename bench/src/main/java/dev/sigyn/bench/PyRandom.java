package dev.sigyn.bench;

/**
 * CPython's {@code random.Random} (Mersenne Twister MT19937 seeded by {@code init_by_array}), reduced to the calls
 * the conformance generator makes. Same seed, same calls, same numbers as Python, so {@link DatasetGenerator}
 * produces exactly what {@code gen_dataset.py} writes.
 */
final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int mti;

    /** {@code random.Random(seed)} for a seed that fits in 32 bits. */
    PyRandom(int seed) {
        if (seed < 0) throw new IllegalArgumentException("seed must be non-negative");
        initByArray(new int[]{seed});
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    /** The next 32 random bits, as an unsigned value in an int. */
    private int next32() {
        if (mti >= N) {
            int kk = 0;
            for (; kk < N - M; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
            }
            int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code random()}: a double in [0, 1) with 53 random bits. */
    double random() {
        long a = (next32() & 0xffffffffL) >>> 5;
        long b = (next32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code getrandbits(k)} for 1 ≤ k ≤ 63: Python fills the low 32-bit words first. */
    long getrandbits(int k) {
        if (k < 1 || k > 63) throw new IllegalArgumentException("k must be in 1..63: " + k);
        if (k <= 32) return (next32() & 0xffffffffL) >>> (32 - k);
        long low = next32() & 0xffffffffL;
        long high = (next32() & 0xffffffffL) >>> (64 - k);
        return (high << 32) | low;
    }

    /** {@code "%032x" % getrandbits(128)}. */
    String hex128() {
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) words[i] = next32(); // least significant word first
        return String.format("%08x%08x%08x%08x", words[3], words[2], words[1], words[0]);
    }

    /** {@code randrange(start, stop)}. */
    long randrange(long start, long stop) {
        if (stop <= start) throw new IllegalArgumentException("empty range " + start + ".." + stop);
        return start + randbelow(stop - start);
    }

    /** {@code choice(seq)}. */
    <T> T choice(T[] seq) {
        return seq[(int) randbelow(seq.length)];
    }

    int choice(int[] seq) {
        return seq[(int) randbelow(seq.length)];
    }

    private long randbelow(long n) {
        int k = 64 - Long.numberOfLeadingZeros(n); // n.bit_length()
        long r = getrandbits(k);
        while (r >= n) r = getrandbits(k);
        return r;
    }
}
