package dev.sigyn.distributor.redaction;

/** The Luhn checksum card numbers carry, so that an order id of the same length is not taken for one. */
final class Luhn {
    private Luhn() {}

    /** Whether the digits in bytes {@code [from, to)} (spaces and dashes skipped) are 13 to 19 and pass Luhn. */
    static boolean valid(byte[] line, int from, int to) {
        int sum = 0;
        int digits = 0;
        for (int i = to - 1; i >= from; i--) {
            int c = line[i];
            if (c < '0' || c > '9') continue;
            int d = c - '0';
            if ((digits & 1) == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            digits++;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }
}
