package dev.sigyn.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.sigyn.config.AuthConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JWTs from an OIDC provider, as Grafana forwards them ("Forward OAuth identity"): signature against the provider's
 * keys (a JWKS file, or its URL), issuer, audience and expiry checked; the tenants claim grants tenants and roles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcAuthenticationTest {
    private static final String ISSUER = "https://idp.example.test";
    private static final String AUDIENCE = "sigyn";

    @TempDir
    static Path dir;
    private RSAKey key;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        AuthConfig auth = AuthConfig.defaults().withOidc(new AuthConfig.Oidc(jwks.toString(), "", ISSUER, AUDIENCE,
                "tenants", "sub", List.of("read")))
                .withTokens(List.of(AuthenticationTest.token("dotted", "static.token.with-dots",
                        AuthenticationTest.grant("acme", "read"))));
        server = TestServer.start(TestServer.conformanceConfig(dir.resolve("data")).withAuth(auth));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String jwt(RSAKey signer, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder().subject("alice@example.test").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).claim("tenants", List.of("acme"));
    }

    private int labels(TestServer s, String bearer, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + "/loki/api/v1/labels"))
                .header("Authorization", "Bearer " + bearer);
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        return TestServer.send(s.base, b).statusCode();
    }

    @Test
    void aValidTokenReadsItsTenants() throws Exception {
        assertEquals(200, labels(server, jwt(key, valid()), null));
        assertEquals(200, labels(server, jwt(key, valid()), "acme"));
        assertEquals(403, labels(server, jwt(key, valid()), "globex"));
    }

    @Test
    void aConfiguredTokenThatLooksLikeAJwtStillAuthenticates() throws Exception {
        assertEquals(200, labels(server, "static.token.with-dots", "acme"));
        assertEquals(401, labels(server, "static.token.with-dotz", "acme"));
    }

    @Test
    void tokensThatAreNotTheProvidersValidOnesAre401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertEquals(401, labels(server, jwt(stranger, valid()), null), "signed by another key");
        assertEquals(401, labels(server, jwt(key, valid().expirationTime(new Date(System.currentTimeMillis() - 120_000))),
                null), "expired");
        assertEquals(401, labels(server, jwt(key, valid().audience("grafana")), null), "another audience");
        assertEquals(401, labels(server, jwt(key, valid().issuer("https://evil.test")), null), "another issuer");
        String good = jwt(key, valid());
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                valid().claim("tenants", List.of("globex")).build().toString().getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertEquals(401, labels(server, tampered, "globex"), "claims changed after signing");
    }

    @Test
    void aTenantsClaimMappingTenantsToRolesGrantsThoseRoles() throws Exception {
        String pusher = jwt(key, valid().claim("tenants", Map.of("acme", List.of("push"))));
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"streams\":[{\"stream\":{\"app\":\"oidc\"},\"values\":[[\"" + now + "\",\"x\"]]}]}";
        assertEquals(204, server.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + pusher)).statusCode());
        assertEquals(403, labels(server, pusher, null), "push only: no read");
    }

    @Test
    void keysMayComeFromTheProvidersJwksUrl() throws Exception {
        HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        idp.createContext("/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        idp.start();
        AuthConfig auth = AuthConfig.defaults().withOidc(new AuthConfig.Oidc("",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/keys", ISSUER, AUDIENCE, "orgs", "email",
                List.of("read", "push")));
        try (TestServer fromUrl = TestServer.start(TestServer.conformanceConfig(dir.resolve("url")).withAuth(auth))) {
            String token = jwt(key, valid().claim("email", "bob@example.test").claim("orgs", List.of("acme")));
            assertEquals(200, labels(fromUrl, token, "acme"));
            long now = System.currentTimeMillis() * 1_000_000L;
            String body = "{\"streams\":[{\"stream\":{\"app\":\"oidc\"},\"values\":[[\"" + now + "\",\"x\"]]}]}";
            assertEquals(204, fromUrl.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token)).statusCode(),
                    "default_roles grants push to the tenants a list names");
            assertEquals(401, labels(fromUrl, jwt(key, valid().claim("orgs", List.of("acme"))), "acme"),
                    "the username claim is required");
        } finally {
            idp.stop(0);
        }
    }
}
