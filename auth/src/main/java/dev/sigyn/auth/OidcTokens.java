package dev.sigyn.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sigyn.config.AuthConfig;
import dev.sigyn.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JWTs issued by an OIDC provider (what Grafana forwards with "Forward OAuth identity"): the signature is checked
 * against the provider's keys (a JWKS file, or its URL, fetched at start and refreshed in the background, never
 * while a request waits), then the issuer, the audience and the time claims. The tenants claim is a list of tenant
 * IDs (each granted {@code default_roles}) or an object mapping each tenant to its roles.
 */
final class OidcTokens {
    private static final Logger log = LoggerFactory.getLogger(OidcTokens.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = new HashSet<>(List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA));

    private final AuthConfig.Oidc config;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    OidcTokens(AuthConfig.Oidc config) throws ConfigException {
        this.config = config;
        try {
            reloadKeys();
        } catch (IOException | ParseException e) {
            throw new ConfigException("auth.oidc: cannot load the signing keys from "
                    + (config.jwksFile().isEmpty() ? config.jwksUrl() : config.jwksFile()) + ": " + e.getMessage(), e);
        }
    }

    /** Reads the key set again (a provider rotates its keys); keeps the old set when that fails. Blocks on I/O. */
    void reloadKeys() throws IOException, ParseException {
        JWKSet keys = config.jwksFile().isEmpty()
                ? JWKSet.load(URI.create(config.jwksUrl()).toURL(), 5_000, 5_000, 1 << 20)
                : JWKSet.load(Path.of(config.jwksFile()).toFile());
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!config.issuer().isEmpty()) exact.issuer(config.issuer());
        Set<String> required = new HashSet<>(List.of("exp", config.usernameClaim()));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                config.audience().isEmpty() ? null : config.audience(), exact.build(), required));
        processor = p;
    }

    void reloadQuietly() {
        try {
            reloadKeys();
        } catch (Exception e) {
            log.atWarn().addKeyValue("error", e.getMessage()).log("reloading the OIDC signing keys failed; the old ones stay");
        }
    }

    /** The principal a valid JWT stands for, or null for any token that is not one (bad signature, expired, ...). */
    Principal verify(String jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return null;
        }
        Object name = claims.getClaim(config.usernameClaim());
        return new Principal(String.valueOf(name), "oidc", grants(claims.getClaim(config.tenantsClaim())));
    }

    private List<Grant> grants(Object claim) {
        List<Grant> grants = new ArrayList<>();
        EnumSet<Role> defaults = roles(config.defaultRoles());
        if (claim instanceof List<?> tenants) {
            for (Object t : tenants) if (t instanceof String tenant) grants.add(new Grant(tenant, defaults, List.of()));
        } else if (claim instanceof String tenant) {
            grants.add(new Grant(tenant, defaults, List.of()));
        } else if (claim instanceof Map<?, ?> byTenant) {
            for (Map.Entry<?, ?> e : byTenant.entrySet()) {
                if (!(e.getKey() instanceof String tenant) || !(e.getValue() instanceof List<?> names)) continue;
                List<String> known = names.stream().map(String::valueOf)
                        .filter(n -> AuthConfig.ROLES.contains(n)).toList();
                if (!known.isEmpty()) grants.add(new Grant(tenant, roles(known), List.of()));
            }
        }
        return grants;
    }

    private static EnumSet<Role> roles(List<String> names) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names) roles.add(Role.named(n));
        return roles;
    }
}
