package dev.sigyn.distributor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Lines arrive as UTF-8 bytes and are stored as bytes. A line that is not valid UTF-8 is stored as Java's decoder
 * repairs it (each bad sequence becomes U+FFFD), as it was when lines went through a String; ASCII lines, the
 * common case, are checked eight bytes at a time and kept as they are.
 */
final class Utf8Lines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8Lines() {}

    static byte[] normalized(byte[] line) {
        return isAscii(line) ? line : new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    static boolean isAscii(byte[] b) {
        int i = 0;
        for (int end = b.length - 7; i < end; i += 8) {
            if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) return false;
        }
        for (; i < b.length; i++) if (b[i] < 0) return false;
        return true;
    }
}
