package dev.sigyn.ruler.remotewrite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Tenant ids as directory names: letters, digits, '-' and '_' kept, every other byte as %XX. */
final class TenantDirectory {
    private TenantDirectory() {
    }

    static String nameOf(String tenant) {
        StringBuilder b = new StringBuilder();
        for (byte x : tenant.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) b.append(c);
            else b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }

    static String tenantOf(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
