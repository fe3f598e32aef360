package dev.sigyn.ruler.api;

import dev.sigyn.config.RulerConfig;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.ruler.rules.InvalidRulesException;
import dev.sigyn.ruler.rules.RuleGroup;
import dev.sigyn.ruler.rules.RuleYamlReader;
import dev.sigyn.ruler.rules.RuleYamlWriter;
import dev.sigyn.ruler.store.RuleStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Loki's ruler configuration API, as Grafana's ruler UI, lokitool and cortextool use it, under
 * {@code /loki/api/v1/rules} and {@code /api/prom/rules} (the prefix Grafana's proxy uses for Loki):
 * <ul>
 *   <li>{@code GET /rules}: every namespace of the tenant, YAML {@code namespace: [groups]}</li>
 *   <li>{@code GET /rules/{namespace}}: that namespace, in the same shape</li>
 *   <li>{@code GET /rules/{namespace}/{group}}: one group</li>
 *   <li>{@code POST /rules/{namespace}}: create or replace the YAML group in the body; 202</li>
 *   <li>{@code DELETE /rules/{namespace}/{group}} and {@code DELETE /rules/{namespace}}; 202</li>
 * </ul>
 * Status codes, content types and error texts are Loki's ({@code pkg/ruler/base/api.go}): Grafana reads some of them,
 * e.g. it takes {@value #LOCAL_GET} (400) as "this data source's rules are read-only". Store work runs on workers.
 */
public final class RulesApi {
    static final String LOCAL_GET = "GetRuleGroup unsupported in rule local store";
    static final List<String> PREFIXES = List.of("/loki/api/v1/rules", "/api/prom/rules");
    private static final Logger log = LoggerFactory.getLogger(RulesApi.class);
    /** Rule groups are small; this bounds what one request can make the server hold. */
    private static final long MAX_BODY_BYTES = 4L << 20;

    private final Vertx vertx;
    private final TenantResolver tenants;
    private final RuleStore store;

    public RulesApi(Vertx vertx, TenantResolver tenants, RuleStore store) {
        this.vertx = vertx;
        this.tenants = tenants;
        this.store = store;
    }

    /** Mounts the API unless {@code ruler.enable_api} is false: then its paths answer as unknown paths do. */
    public void mount(Router router, RulerConfig config) {
        if (config.enableApi()) mount(router);
    }

    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        for (String prefix : PREFIXES) {
            router.get(prefix).handler(this::listAll);
            router.get(prefix + "/:namespace").handler(this::listNamespace);
            router.get(prefix + "/:namespace/:group").handler(this::getGroup);
            router.post(prefix + "/:namespace").handler(body).handler(this::create);
            router.delete(prefix + "/:namespace/:group").handler(this::deleteGroup);
            router.delete(prefix + "/:namespace").handler(this::deleteNamespace);
        }
    }

    private void listAll(RoutingContext ctx) {
        String tenant = tenant(ctx);
        if (tenant == null) return;
        answer(ctx, vertx.executeBlocking(() -> namespaces(store.groups(tenant))));
    }

    private void listNamespace(RoutingContext ctx) {
        String tenant = tenant(ctx);
        String namespace = tenant == null ? null : name(ctx, "namespace");
        if (namespace == null) return;
        answer(ctx, vertx.executeBlocking(() -> {
            List<RuleGroup> groups = store.namespace(tenant, namespace);
            SortedMap<String, List<RuleGroup>> one = new TreeMap<>();
            if (!groups.isEmpty()) one.put(namespace, groups);
            return namespaces(one);
        }));
    }

    private void getGroup(RoutingContext ctx) {
        String tenant = tenant(ctx);
        String namespace = tenant == null ? null : name(ctx, "namespace");
        String group = namespace == null ? null : name(ctx, "group");
        if (group == null) return;
        // Loki's local store cannot get one group; Grafana relies on this very answer to show the rules read-only.
        if (store.readOnly()) {
            Reply.text(400, LOCAL_GET).send(ctx);
            return;
        }
        answer(ctx, vertx.executeBlocking(() -> store.group(tenant, namespace, group)
                .map(g -> Reply.yaml(RuleYamlWriter.group(g)))
                .orElse(Reply.text(404, "group does not exist"))));
    }

    private void create(RoutingContext ctx) {
        String tenant = tenant(ctx);
        String namespace = tenant == null ? null : name(ctx, "namespace");
        if (namespace == null) return;
        RuleGroup group;
        try {
            group = RuleYamlReader.groupBody(ctx.body().asString());
        } catch (InvalidRulesException e) {
            // Loki answers a body that does not decode with a bare "unable to decoded rule group"; the detail helps.
            String message = e.kind() == InvalidRulesException.Kind.UNDECODABLE
                    ? "unable to decoded rule group: " + e.getMessage() : e.getMessage();
            Reply.text(400, message).send(ctx);
            return;
        }
        answer(ctx, vertx.executeBlocking(() -> {
            try {
                store.put(tenant, namespace, group);
                return Reply.accepted();
            } catch (RuleStore.ReadOnlyException e) {
                return Reply.text(500, e.getMessage());
            }
        }));
    }

    private void deleteGroup(RoutingContext ctx) {
        String tenant = tenant(ctx);
        String namespace = tenant == null ? null : name(ctx, "namespace");
        String group = namespace == null ? null : name(ctx, "group");
        if (group == null) return;
        answer(ctx, vertx.executeBlocking(() -> store.deleteGroup(tenant, namespace, group)
                ? Reply.accepted() : Reply.text(404, "group does not exist")));
    }

    private void deleteNamespace(RoutingContext ctx) {
        String tenant = tenant(ctx);
        String namespace = tenant == null ? null : name(ctx, "namespace");
        if (namespace == null) return;
        answer(ctx, vertx.executeBlocking(() -> store.deleteNamespace(tenant, namespace)
                ? Reply.accepted() : Reply.text(404, "group namespace does not exist")));
    }

    /** Loki answers an empty listing with 404 "no rule groups found" (Grafana reads that as "no rules yet"). */
    private static Reply namespaces(SortedMap<String, List<RuleGroup>> namespaces) {
        return namespaces.isEmpty() ? Reply.text(404, "no rule groups found")
                : Reply.yaml(RuleYamlWriter.namespaces(namespaces));
    }

    /**
     * Store failures other than a refused write: Loki answers a read that fails (a rule file that does not parse)
     * with 400 and the error, and a write or delete that fails as a server error.
     */
    private void answer(RoutingContext ctx, Future<Reply> reply) {
        reply.onComplete(ar -> {
            if (ar.succeeded()) {
                ar.result().send(ctx);
                return;
            }
            Throwable cause = ar.cause();
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
            log.atWarn().setCause(cause).addKeyValue("path", ctx.request().path()).log("rules request failed");
            if (ctx.request().method().name().equals("GET")) Reply.text(400, message).send(ctx);
            else Reply.serverError(message).send(ctx);
        });
    }

    /** The request's tenant, or null after answering the resolver's refusal. */
    private String tenant(RoutingContext ctx) {
        return switch (tenants.resolve(ctx.request()::getHeader)) {
            case TenantResolver.Tenant t -> t.id();
            case TenantResolver.Refused r -> {
                Reply.text(r.status(), r.message()).send(ctx);
                yield null;
            }
        };
    }

    /** A path parameter that is a safe name, or null after answering Loki's path-traversal error. */
    private static String name(RoutingContext ctx, String param) {
        String value = ctx.pathParam(param);
        if (value != null && RuleStore.isLocalName(value)) return value;
        String what = param.equals("group") ? "groupname" : "namespace";
        Reply.serverError("invalid " + what + ": path traversal not allowed").send(ctx);
        return null;
    }
}
