package dev.sigyn.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed authentications per source address: once an address has failed {@code max} times within a minute of its
 * first failure, its requests are refused unchecked until that minute is over, which makes guessing passwords slow
 * and keeps bcrypt checks from being used to load the server.
 */
final class FailedAttempts {
    private final int max;
    private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();

    FailedAttempts(int max) {
        this.max = max;
    }

    boolean blocked(String address) {
        AtomicInteger n = failures.getIfPresent(address);
        return n != null && n.get() >= max;
    }

    void failed(String address) {
        failures.asMap().computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    }
}
