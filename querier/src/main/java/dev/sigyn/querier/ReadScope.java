package dev.sigyn.querier;

import dev.sigyn.config.StreamAccess;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one read may see: its tenants (one, or several for Loki's multi-tenant reads {@code a|b}) and, per tenant,
 * the stream selectors it is restricted to ({@link StreamAccess}, label-based access control). Sources are asked
 * through {@link #view}, which applies both on the streams' stored labels before any pipeline stage runs; a read of
 * one unrestricted tenant gets the sources themselves, at no extra cost.
 */
public final class ReadScope {
    /** The label each stream of a multi-tenant read carries in answers, as Loki's multi-tenant querier adds it. */
    public static final String TENANT_LABEL = "__tenant_id__";

    private final List<String> tenants;
    /** Per restricted tenant, its grant selectors (a stream matching any is readable); absent: unrestricted. */
    private final Map<String, List<List<LabelMatcher>>> grants;
    private final StreamAccess access;

    private ReadScope(List<String> tenants, Map<String, List<List<LabelMatcher>>> grants, StreamAccess access) {
        this.tenants = List.copyOf(tenants);
        this.grants = grants;
        this.access = access;
    }

    /** One tenant's whole data. */
    public static ReadScope of(String tenant) {
        return new ReadScope(List.of(tenant), Map.of(), StreamAccess.UNRESTRICTED);
    }

    /** What a resolved request may read; a grant selector that does not parse is a 400 naming it. */
    public static ReadScope of(TenantResolver.Tenant tenant) {
        return of(tenant.ids(), tenant.access());
    }

    /** These tenants' data, restricted by {@code access}; a grant selector that does not parse is a 400 naming it. */
    public static ReadScope of(List<String> tenants, StreamAccess access) {
        StreamAccess own = access.only(tenants);
        if (own.unrestricted()) return new ReadScope(tenants, Map.of(), StreamAccess.UNRESTRICTED);
        Map<String, List<List<LabelMatcher>>> grants = new LinkedHashMap<>();
        own.selectors().forEach((tenant, selectors) -> {
            List<List<LabelMatcher>> parsed = new ArrayList<>(selectors.size());
            for (String s : selectors) parsed.add(parseGrant(tenant, s));
            grants.put(tenant, List.copyOf(parsed));
        });
        return new ReadScope(tenants, grants, own);
    }

    private static List<LabelMatcher> parseGrant(String tenant, String selector) {
        try {
            return Parser.parseSelector(selector);
        } catch (ParseException | IllegalArgumentException e) {
            throw QueryError.badRequest("invalid " + StreamAccess.HEADER + " selector for tenant '" + tenant + "': "
                    + selector + ": " + e.getMessage());
        }
    }

    /** Whether this is one tenant's whole data: sources are then asked as they are. */
    public boolean plain() {
        return tenants.size() == 1 && grants.isEmpty();
    }

    List<String> tenants() {
        return tenants;
    }

    /** The restriction, canonical: part of what identifies a cached result, and what travels with a relayed split. */
    StreamAccess access() {
        return access;
    }

    /** The source as this read may see it. */
    LogSource view(LogSource source) {
        return plain() ? source : new ScopedSource(source, null, this);
    }

    /** The index statistics as this read may see them. */
    IndexStatsSource view(IndexStatsSource source) {
        return plain() ? source : new ScopedSource(null, source, this);
    }

    /** The sources as this read may see them. */
    public List<LogSource> viewAll(List<LogSource> sources) {
        if (plain()) return sources;
        List<LogSource> out = new ArrayList<>(sources.size());
        for (LogSource s : sources) out.add(view(s));
        return out;
    }

    List<IndexStatsSource> viewAllStats(List<IndexStatsSource> sources) {
        if (plain()) return sources;
        List<IndexStatsSource> out = new ArrayList<>(sources.size());
        for (IndexStatsSource s : sources) out.add(view(s));
        return out;
    }

    /**
     * How a selection is asked of the sources: per tenant it names (a multi-tenant read's {@code __tenant_id__}
     * matchers choose among its tenants and are not passed on), the selector narrowed by each grant selector.
     */
    List<Part> parts(List<LabelMatcher> matchers) {
        boolean several = tenants.size() > 1;
        List<LabelMatcher> own = matchers;
        List<LabelMatcher> onTenant = List.of();
        if (several) {
            own = new ArrayList<>(matchers.size());
            List<LabelMatcher> t = new ArrayList<>();
            for (LabelMatcher m : matchers) (m.name().equals(TENANT_LABEL) ? t : own).add(m);
            onTenant = t;
        }
        List<Part> parts = new ArrayList<>(tenants.size());
        for (String tenant : tenants) {
            if (!matchesAll(onTenant, tenant)) continue;
            List<List<LabelMatcher>> grant = grants.get(tenant);
            List<List<LabelMatcher>> selections;
            if (grant == null) {
                selections = List.of(own);
            } else {
                selections = new ArrayList<>(grant.size());
                for (List<LabelMatcher> g : grant) {
                    List<LabelMatcher> narrowed = new ArrayList<>(own.size() + g.size());
                    narrowed.addAll(own);
                    narrowed.addAll(g);
                    selections.add(List.copyOf(narrowed));
                }
            }
            parts.add(new Part(tenant, several ? Labels.of(TENANT_LABEL, tenant) : null,
                    grant == null ? List.of() : grant, selections));
        }
        return parts;
    }

    /**
     * A live tail's query as the subscriptions to open for one tenant: the query itself when the tenant is
     * unrestricted, else its matchers narrowed to the grant, one query per grant selector. Streams several grant
     * selectors match must reach the tail once, and a tail's lines carry no stored labels to tell them by, so the
     * selections are made disjoint: the i-th grant selector's, minus what earlier ones select (the complement of a
     * conjunction as disjoint conjunctions of negated matchers). Empty when the tenant may read nothing.
     */
    public List<LogSelectorExpr> tailQueries(String tenant, LogSelectorExpr query) {
        List<List<LabelMatcher>> grant = grants.get(tenant);
        if (grant == null) return List.of(query);
        List<LogSelectorExpr> out = new ArrayList<>();
        for (int i = 0; i < grant.size(); i++) {
            List<List<LabelMatcher>> terms = List.of(grant.get(i));
            for (int j = 0; j < i; j++) terms = minus(terms, grant.get(j));
            for (List<LabelMatcher> t : terms) {
                List<LabelMatcher> narrowed = new ArrayList<>(query.matchers());
                narrowed.addAll(t);
                out.add(new LogSelectorExpr(narrowed, query.stages()));
            }
        }
        return out;
    }

    /** Each conjunction of {@code terms} without the streams {@code excluded} matches, as disjoint conjunctions. */
    private static List<List<LabelMatcher>> minus(List<List<LabelMatcher>> terms, List<LabelMatcher> excluded) {
        if (excluded.isEmpty()) return List.of(); // an empty selector selects everything
        List<List<LabelMatcher>> out = new ArrayList<>();
        for (List<LabelMatcher> term : terms) {
            // not(m1 and m2 and ...) = not m1, or m1 and not m2, or m1 and m2 and not m3, ...: disjoint.
            List<LabelMatcher> prefix = new ArrayList<>();
            for (LabelMatcher m : excluded) {
                List<LabelMatcher> t = new ArrayList<>(term);
                t.addAll(prefix);
                t.add(negated(m));
                out.add(List.copyOf(t));
                prefix.add(m);
            }
        }
        return out;
    }

    private static LabelMatcher negated(LabelMatcher m) {
        LabelMatcher.Type opposite = switch (m.type()) {
            case EQ -> LabelMatcher.Type.NEQ;
            case NEQ -> LabelMatcher.Type.EQ;
            case RE -> LabelMatcher.Type.NRE;
            case NRE -> LabelMatcher.Type.RE;
        };
        return LabelMatcher.of(m.name(), opposite, m.value());
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, String value) {
        for (LabelMatcher m : matchers) if (!m.matches(value)) return false;
        return true;
    }

    /**
     * One tenant's share of a selection.
     *
     * @param tenantLabel {@code __tenant_id__} to add to its streams in answers, or null (a one-tenant read)
     * @param grant       the tenant's grant selectors, empty when it is unrestricted
     * @param selections  the selections to ask the sources, one per grant selector (the query's matchers and the
     *                    grant's); a stream several grant selectors match is kept from the first only
     */
    record Part(String tenant, Labels tenantLabel, List<List<LabelMatcher>> grant,
                List<List<LabelMatcher>> selections) {

        /** Whether a stream selected by selection {@code i} was already selected by an earlier one. */
        boolean seenBefore(int i, Labels stream) {
            for (int j = 0; j < i; j++) if (matchesAll(grant.get(j), stream)) return true;
            return false;
        }

        /** A stream's labels as answers show them. */
        Labels shown(Labels stream) {
            return tenantLabel == null ? stream : Labels.union(stream, tenantLabel);
        }

        private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
            for (LabelMatcher m : matchers) if (!m.matches(labels)) return false;
            return true;
        }
    }
}
