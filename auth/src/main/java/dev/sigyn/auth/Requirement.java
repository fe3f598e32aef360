package dev.sigyn.auth;

import java.util.Set;

/** What a request must show to reach an endpoint. */
public sealed interface Requirement {
    /** Answered to anyone ({@code auth.open_paths}). */
    record Open() implements Requirement {}

    /** Any valid credential: endpoints that say nothing about any tenant's data (build information). */
    record Authenticated() implements Requirement {}

    /** A grant with one of {@code roles} in the tenant the request names. */
    record InTenant(Set<Role> roles) implements Requirement {
        public InTenant {
            roles = Set.copyOf(roles);
        }
    }

    /** A grant with the admin role, in any tenant: operations on the whole server. */
    record Admin() implements Requirement {}
}
