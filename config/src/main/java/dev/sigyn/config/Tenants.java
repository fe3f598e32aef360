package dev.sigyn.config;

/** Loki's rules for tenant IDs; {@link TenantResolver} decides which tenant a request belongs to. */
public final class Tenants {
    /** The tenant of every request when {@code auth_enabled: false}. */
    public static final String SINGLE_TENANT = "fake";

    private Tenants() {}

    /** Longest tenant ID Loki accepts. */
    public static final int MAX_TENANT_LENGTH = 150;

    /**
     * Loki's rules for a tenant ID (dskit {@code tenant.ValidTenantID}): it becomes part of object keys and paths, so
     * only {@code [a-zA-Z0-9!\-_.*'()]}, at most 150 characters, and never {@code .} or {@code ..}. Returns Loki's
     * error message (answered with 400), or null when the ID is valid.
     */
    public static String problem(String tenant) {
        // Checked first and refused rather than trimmed: a proxy in front that allows exact values must not see
        // " acme " pass as another string than the tenant it is.
        if (hasSurroundingWhitespace(tenant)) {
            return "tenant ID '" + tenant + "' has leading or trailing whitespace";
        }
        if (tenant.indexOf('|') >= 0) return "multiple org IDs present";
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!-_.*'()".indexOf(c) >= 0;
            if (!ok) return "tenant ID '" + tenant + "' contains unsupported character '" + c + "'";
        }
        if (tenant.length() > MAX_TENANT_LENGTH) return "tenant ID is too long: max " + MAX_TENANT_LENGTH + " characters";
        if (tenant.equals(".") || tenant.equals("..")) return "tenant ID is '.' or '..'";
        return null;
    }

    /** Whitespace as Unicode or as String.trim sees it (every control character too). */
    private static boolean hasSurroundingWhitespace(String s) {
        if (s.isEmpty()) return false;
        return isSpace(s.charAt(0)) || isSpace(s.charAt(s.length() - 1));
    }

    private static boolean isSpace(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
