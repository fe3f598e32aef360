package dev.sigyn.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What a request's {@code Authorization} header presents. */
sealed interface PresentedCredential {
    record None() implements PresentedCredential {}

    /** A header that is not a well-formed credential of a kind Sigyn knows. */
    record Malformed() implements PresentedCredential {}

    record Basic(String user, String password) implements PresentedCredential {}

    record Bearer(String token) implements PresentedCredential {
        /** Three base64url parts: a JWT rather than a static token. */
        boolean isJwt() {
            int first = token.indexOf('.');
            return first > 0 && token.indexOf('.', first + 1) > first + 1 && token.chars().filter(c -> c == '.').count() == 2;
        }
    }

    static PresentedCredential of(String authorization) {
        if (authorization == null || authorization.isBlank()) return new None();
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) return new Malformed();
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).strip();
        if (value.isEmpty()) return new Malformed();
        if (scheme.equalsIgnoreCase("Bearer")) return new Bearer(value);
        if (!scheme.equalsIgnoreCase("Basic")) return new Malformed();
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Malformed();
        }
        int colon = pair.indexOf(':');
        return colon < 0 ? new Malformed() : new Basic(pair.substring(0, colon), pair.substring(colon + 1));
    }
}
