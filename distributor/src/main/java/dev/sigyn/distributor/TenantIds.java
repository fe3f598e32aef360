package dev.sigyn.distributor;

/**
 * Loki's rules for a tenant ID (dskit {@code tenant.ValidTenantID}): it becomes part of object keys and paths, so
 * only {@code [a-zA-Z0-9!\-_.*'()]}, at most 150 bytes, and never {@code .} or {@code ..}.
 */
final class TenantIds {
    static final int MAX_LENGTH = 150;

    private TenantIds() {}

    /** Loki's error message for an invalid tenant ID, or null when it is valid. */
    static String problem(String tenant) {
        if (tenant.indexOf('|') >= 0) return "multiple org IDs present";
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!-_.*'()".indexOf(c) >= 0;
            if (!ok) return "tenant ID '" + tenant + "' contains unsupported character '" + c + "'";
        }
        if (tenant.length() > MAX_LENGTH) return "tenant ID is too long: max " + MAX_LENGTH + " characters";
        if (tenant.equals(".") || tenant.equals("..")) return "tenant ID is '.' or '..'";
        return null;
    }
}
