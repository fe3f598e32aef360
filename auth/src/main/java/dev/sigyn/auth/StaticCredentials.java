package dev.sigyn.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sigyn.config.AuthConfig;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The credentials written in the configuration: basic auth users (bcrypt) and bearer tokens (SHA-256). A token may
 * also be sent as basic auth, its name as the user and the token as the password, for clients that only speak basic
 * auth. Checking a bcrypt hash is slow by design, so a password that checked out is remembered (by a hash of the
 * pair, never the password) for a few minutes; unknown users cost a bcrypt check too, so that timing does not tell
 * which users exist.
 */
final class StaticCredentials {
    /** A hash checked against when the user is unknown: same cost as the configured ones, never matches. */
    private final String noUser;

    private final Map<String, Principal> users = new HashMap<>();
    private final Map<String, String> userHashes = new HashMap<>();
    private final Map<String, Principal> tokensByHash = new HashMap<>();
    private final Map<String, String> tokenHashByName = new HashMap<>();
    private final Cache<String, Principal> checked = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(10_000).build();

    StaticCredentials(AuthConfig config) {
        for (AuthConfig.Credential u : config.users()) {
            users.put(u.name(), new Principal(u.name(), "user", u.grants().stream().map(Grant::of).toList()));
            userHashes.put(u.name(), u.secretHash());
        }
        for (AuthConfig.Credential t : config.tokens()) {
            tokensByHash.put(t.secretHash(), new Principal(t.name(), "token", t.grants().stream().map(Grant::of).toList()));
            tokenHashByName.put(t.name(), t.secretHash());
        }
        String cost = config.users().isEmpty() ? "10" : config.users().getFirst().secretHash().substring(4, 6);
        noUser = "$2y$" + cost + "$" + "K".repeat(53);
    }

    /** The principal of a bearer token, or null: a hash lookup, cheap enough for the event loop. */
    Principal token(String token) {
        return tokensByHash.get(Hashes.sha256(token));
    }

    /** The principal of a basic auth pair when it is already known to be right, else null (then {@link #basic}). */
    Principal basicIfRemembered(String user, String password) {
        Principal token = basicToken(user, password);
        return token != null ? token : checked.getIfPresent(Hashes.sha256(user + '\0' + password));
    }

    /** The principal of a basic auth pair, or null. Slow (bcrypt): never call it on an event loop. */
    Principal basic(String user, String password) {
        Principal token = basicToken(user, password);
        if (token != null) return token;
        String hash = userHashes.get(user);
        boolean matches = OpenBSDBCrypt.checkPassword(hash != null ? hash : noUser, password.toCharArray());
        if (!matches || hash == null) return null;
        Principal p = users.get(user);
        checked.put(Hashes.sha256(user + '\0' + password), p);
        return p;
    }

    private Principal basicToken(String name, String token) {
        String hash = tokenHashByName.get(name);
        return hash != null && hash.equals(Hashes.sha256(token)) ? tokensByHash.get(hash) : null;
    }
}
