package dev.sigyn.ruler.store;

import dev.sigyn.ruler.rules.RuleGroup;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Rule groups by tenant, namespace and group name. Reads always see the current contents (a file edited on disk, a
 * group another process wrote), so rules survive restarts and changes need no reload.
 */
public interface RuleStore {
    /** True when groups cannot be written through this store (Loki's local rule store). */
    boolean readOnly();

    /** Tenants that have at least one rule group, sorted. */
    List<String> tenants() throws IOException;

    /** The tenant's namespaces, sorted, to their groups (empty when it has none). */
    SortedMap<String, List<RuleGroup>> groups(String tenant) throws IOException;

    /** The namespace's groups, empty when there is no such namespace. */
    List<RuleGroup> namespace(String tenant, String namespace) throws IOException;

    Optional<RuleGroup> group(String tenant, String namespace, String group) throws IOException;

    /** Creates or replaces the group of that name in the namespace. */
    void put(String tenant, String namespace, RuleGroup group) throws IOException;

    /** @return false when there was no such group */
    boolean deleteGroup(String tenant, String namespace, String group) throws IOException;

    /** @return false when the namespace had no groups */
    boolean deleteNamespace(String tenant, String namespace) throws IOException;

    /** A write refused by a read-only store, with Loki's text ({@code SetRuleGroup unsupported in rule local store}). */
    final class ReadOnlyException extends IOException {
        public ReadOnlyException(String operation) {
            super(operation + " unsupported in rule local store");
        }
    }

    /**
     * Go's {@code filepath.IsLocal}, which Loki's API applies to namespaces and groups: not empty, not absolute, and
     * not reaching above where it starts through {@code ..} ({@code team/app} is fine, {@code a/../..} is not).
     */
    static boolean isLocalName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) return false;
        int depth = 0;
        for (String part : name.split("/")) {
            if (part.equals("..")) depth--;
            else if (!part.isEmpty() && !part.equals(".")) depth++;
            if (depth < 0) return false;
        }
        return true;
    }
}
