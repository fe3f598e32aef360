package dev.sigyn.config;

import java.util.List;

/**
 * The {@code auth:} block: Sigyn's built-in authentication (beyond Loki, which leaves it to a proxy in front). Without
 * credentials of any kind the block changes nothing and {@code auth_enabled} keeps Loki's rule (the
 * {@code X-Scope-OrgID} header is trusted as sent).
 *
 * @param users             HTTP basic auth users, each with a bcrypt hash of its password
 * @param tokens            static bearer tokens, each stored as {@code sha256:<hex>} of the token
 * @param oidc              JWTs from an OIDC provider
 * @param auditLog          file of the audit log; empty for none
 * @param auditLogFormat   {@code logfmt} or {@code json}: how each audit line is written
 * @param auditLogMaxSize   size at which the audit log is rotated
 * @param auditLogMaxFiles  rotated audit files kept besides the current one
 * @param auditPushes       whether pushes are audited too (one line per push request: many)
 * @param openPaths         paths answered without credentials (by default {@code /ready} and {@code /metrics})
 * @param maxFailedAttempts failed authentications one source address may make per minute before it is refused (429)
 */
public record AuthConfig(List<Credential> users, List<Credential> tokens, Oidc oidc, String auditLog,
                         String auditLogFormat, long auditLogMaxSize, int auditLogMaxFiles, boolean auditPushes, List<String> openPaths,
                         int maxFailedAttempts) {
    /** The roles a grant may give. */
    public static final List<String> ROLES = List.of("push", "read", "delete", "rules", "admin");
    /** A grant's tenant that stands for every tenant. */
    public static final String ANY_TENANT = "*";

    public static AuthConfig defaults() {
        return new AuthConfig(List.of(), List.of(), Oidc.defaults(), "", "logfmt", 100L << 20, 5, false,
                List.of("/ready", "/metrics"), 10);
    }

    /** True when any credential is configured: then every request but the open paths must authenticate. */
    public boolean enabled() {
        return !users.isEmpty() || !tokens.isEmpty() || oidc.enabled();
    }

    /**
     * A named credential: a user (secretHash is a bcrypt hash of its password) or a token ({@code sha256:<hex>}).
     */
    public record Credential(String name, String secretHash, List<Grant> grants) {}

    /**
     * What a credential may do in one tenant ({@value #ANY_TENANT} for all).
     *
     * @param selectors stream selectors limiting what it may read and delete; empty for every stream
     */
    public record Grant(String tenant, List<String> roles, List<String> selectors) {}

    /**
     * JWTs signed by an OIDC provider: keys from {@code jwksFile} or {@code jwksUrl}; {@code issuer} and
     * {@code audience} must match when set. The {@code tenantsClaim} lists the tenants the token grants (each with
     * {@code defaultRoles}), or maps each tenant to its roles; the credential's name is the {@code usernameClaim}.
     */
    public record Oidc(String jwksFile, String jwksUrl, String issuer, String audience, String tenantsClaim,
                       String usernameClaim, List<String> defaultRoles) {
        public static Oidc defaults() {
            return new Oidc("", "", "", "", "tenants", "sub", List.of("read"));
        }

        public boolean enabled() {
            return !jwksFile.isEmpty() || !jwksUrl.isEmpty();
        }
    }

    public AuthConfig withUsers(List<Credential> users) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }

    public AuthConfig withTokens(List<Credential> tokens) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }

    public AuthConfig withOidc(Oidc oidc) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }

    public AuthConfig withAuditLog(String auditLog) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }

    public AuthConfig withAuditLogFormat(String auditLogFormat) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes,
                openPaths, maxFailedAttempts);
    }

    public AuthConfig withAuditLogMaxSize(long auditLogMaxSize) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes,
                openPaths, maxFailedAttempts);
    }

    public AuthConfig withAuditLogMaxFiles(int auditLogMaxFiles) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes,
                openPaths, maxFailedAttempts);
    }

    public AuthConfig withOpenPaths(List<String> openPaths) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }

    public AuthConfig withMaxFailedAttempts(int maxFailedAttempts) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }

    public AuthConfig withAuditPushes(boolean auditPushes) {
        return new AuthConfig(users, tokens, oidc, auditLog, auditLogFormat, auditLogMaxSize, auditLogMaxFiles, auditPushes, openPaths,
                maxFailedAttempts);
    }
}
