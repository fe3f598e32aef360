package dev.sigyn.auth;

import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Set;

/**
 * Which credential each endpoint needs. Known paths are listed by what they do; every other path, including any
 * endpoint added later that is not listed here, needs the admin role, so that nothing new is ever left open.
 */
public final class EndpointRoles {
    private static final String V1 = "/loki/api/v1/";
    private static final Requirement PUSH = new Requirement.InTenant(Set.of(Role.PUSH));
    private static final Requirement READ = new Requirement.InTenant(Set.of(Role.READ));
    private static final Requirement DELETE = new Requirement.InTenant(Set.of(Role.DELETE));
    private static final Requirement RULES = new Requirement.InTenant(Set.of(Role.RULES));
    /** Grafana lists rules and alerts with its datasource's credential, which usually only reads. */
    private static final Requirement SEE_RULES = new Requirement.InTenant(Set.of(Role.RULES, Role.READ));

    private static final Set<String> PUSH_PATHS = Set.of(V1 + "push", "/api/prom/push", "/otlp/v1/logs");
    private static final Set<String> READ_PATHS = Set.of(V1 + "query", V1 + "query_range", V1 + "labels",
            V1 + "label", V1 + "series", V1 + "index/stats", V1 + "index/volume", V1 + "index/volume_range",
            V1 + "detected_fields", V1 + "detected_labels", V1 + "patterns", V1 + "tail", V1 + "format_query",
            V1 + "drilldown-limits", "/api/prom/query", "/api/prom/label", "/api/prom/series", "/api/prom/tail",
            "/config/tenant/v1/limits");
    /** Paths whose last part is a name: {@code label/{name}/values}, {@code detected_field/{name}/values}. */
    private static final List<String> READ_PREFIXES = List.of(V1 + "label/", V1 + "detected_field/",
            "/api/prom/label/");
    private static final Set<String> BUILD_INFO = Set.of(V1 + "status/buildinfo", "/api/v1/status/buildinfo");
    private static final List<String> RULES_PREFIXES = List.of(V1 + "rules", "/api/prom/rules",
            "/prometheus/api/v1/rules", "/prometheus/api/v1/alerts", "/prometheus/config/v1/rules");

    private final Set<String> openPaths;

    public EndpointRoles(List<String> openPaths) {
        this.openPaths = Set.copyOf(openPaths);
    }

    /** Whether {@code path} is one of the push endpoints (the audit log leaves them out unless asked). */
    public static boolean isPush(String path) {
        return PUSH_PATHS.contains(path);
    }

    /** What a request of {@code method} to {@code path} (normalised, without its query string) must show. */
    public Requirement of(HttpMethod method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (openPaths.contains(p)) return new Requirement.Open();
        if (PUSH_PATHS.contains(p)) return PUSH;
        if (READ_PATHS.contains(p)) return READ;
        for (String prefix : READ_PREFIXES) if (p.startsWith(prefix) && p.endsWith("/values")) return READ;
        if (p.equals(V1 + "delete")) return DELETE;
        if (BUILD_INFO.contains(p)) return new Requirement.Authenticated();
        for (String prefix : RULES_PREFIXES) {
            if (p.equals(prefix) || p.startsWith(prefix + "/")) {
                return method == HttpMethod.GET || method == HttpMethod.HEAD ? SEE_RULES : RULES;
            }
        }
        return new Requirement.Admin();
    }
}
