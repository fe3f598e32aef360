package dev.sigyn.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code auth.users} and {@code auth.tokens}: lists of {@code {name, password_hash | token_hash, grants}}. Every
 * problem is reported with where it is, so that a wrong file never starts with a credential quietly missing.
 */
final class CredentialsReader {
    /** What {@code htpasswd -nbB} and other bcrypt tools print: {@code $2y$<cost>$<53 characters>}. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    record Read(List<AuthConfig.Credential> credentials, List<String> errors) {}

    private CredentialsReader() {}

    static Read read(String path, JsonNode value) {
        boolean users = path.endsWith("users");
        String hashKey = users ? "password_hash" : "token_hash";
        List<String> errors = new ArrayList<>();
        List<AuthConfig.Credential> credentials = new ArrayList<>();
        if (!value.isArray()) {
            errors.add(path + ": expected a list of {name, " + hashKey + ", grants} blocks, got "
                    + YamlSettingsReader.describe(value));
            return new Read(List.of(), errors);
        }
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode item : value) {
            String where = path + "[" + index++ + "]";
            if (!item.isObject()) {
                errors.add(where + ": expected a block with name, " + hashKey + " and grants");
                continue;
            }
            unknownKeys(where, item, List.of("name", hashKey, "grants"), errors);
            String name = item.path("name").asText("");
            if (name.isBlank()) errors.add(where + ": name is required");
            else if (!names.add(name)) errors.add(where + ": name " + name + " is used twice");
            String hash = item.path(hashKey).asText("").strip();
            if (users && !BCRYPT.matcher(hash).matches()) {
                errors.add(where + ": password_hash must be a bcrypt hash such as `htpasswd -nbB user password` prints"
                        + " ($2y$...), never the password itself");
            }
            if (!users) {
                hash = hash.toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(hash).matches()) {
                    errors.add(where + ": token_hash must be sha256:<64 hex digits> of the token"
                            + " (`printf %s TOKEN | sha256sum`), never the token itself");
                }
            }
            List<AuthConfig.Grant> grants = grants(where + ".grants", item.path("grants"), errors);
            credentials.add(new AuthConfig.Credential(name, hash, grants));
        }
        return new Read(List.copyOf(credentials), errors);
    }

    private static List<AuthConfig.Grant> grants(String where, JsonNode value, List<String> errors) {
        if (!value.isArray() || value.isEmpty()) {
            errors.add(where + ": expected a list of {tenant, roles, selectors} blocks (at least one)");
            return List.of();
        }
        List<AuthConfig.Grant> grants = new ArrayList<>();
        int index = 0;
        for (JsonNode item : value) {
            String at = where + "[" + index++ + "]";
            if (!item.isObject()) {
                errors.add(at + ": expected a block with tenant, roles and selectors");
                continue;
            }
            unknownKeys(at, item, List.of("tenant", "roles", "selectors"), errors);
            String tenant = item.path("tenant").asText("");
            String problem = tenant.equals(AuthConfig.ANY_TENANT) ? null
                    : tenant.isEmpty() ? "is required" : Tenants.problem(tenant);
            if (problem != null) errors.add(at + ".tenant: " + problem);
            List<String> roles = strings(at + ".roles", item.path("roles"), errors);
            if (roles.isEmpty()) errors.add(at + ".roles: at least one of " + String.join(", ", AuthConfig.ROLES));
            for (String role : roles) {
                if (!AuthConfig.ROLES.contains(role)) {
                    errors.add(at + ".roles: unknown role " + role + " (roles: " + String.join(", ", AuthConfig.ROLES) + ")");
                }
            }
            List<String> selectors = item.has("selectors") ? strings(at + ".selectors", item.get("selectors"), errors)
                    : List.of();
            grants.add(new AuthConfig.Grant(tenant, roles, selectors));
        }
        return List.copyOf(grants);
    }

    private static List<String> strings(String where, JsonNode value, List<String> errors) {
        if (value.isMissingNode() || value.isNull()) return List.of();
        if (!value.isArray()) {
            errors.add(where + ": expected a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isValueNode()) errors.add(where + ": expected strings");
            else out.add(item.asText());
        }
        return List.copyOf(out);
    }

    private static void unknownKeys(String where, JsonNode item, List<String> known, List<String> errors) {
        for (Map.Entry<String, JsonNode> f : item.properties()) {
            if (!known.contains(f.getKey())) {
                errors.add(where + ": unknown key " + f.getKey() + " (expected " + String.join(", ", known) + ")");
            }
        }
    }
}
