package dev.sigyn.ruler.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** How the ruler authenticates to Alertmanager ({@code ruler.alertmanager_client}). */
public sealed interface ClientAuth {
    /** The Authorization header to send, if any. */
    Optional<String> authorizationHeader();

    record None() implements ClientAuth {
        @Override public Optional<String> authorizationHeader() { return Optional.empty(); }
    }

    record Basic(String username, String password) implements ClientAuth {
        @Override public Optional<String> authorizationHeader() {
            String pair = username + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override public String toString() { return "Basic[" + username + ", <secret>]"; }
    }

    record Bearer(String token) implements ClientAuth {
        @Override public Optional<String> authorizationHeader() { return Optional.of("Bearer " + token); }

        @Override public String toString() { return "Bearer[<secret>]"; }
    }
}
