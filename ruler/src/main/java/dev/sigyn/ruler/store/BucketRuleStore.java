package dev.sigyn.ruler.store;

import dev.sigyn.ruler.rules.InvalidRulesException;
import dev.sigyn.ruler.rules.RuleGroup;
import dev.sigyn.ruler.rules.RuleYamlReader;
import dev.sigyn.ruler.rules.RuleYamlWriter;
import dev.sigyn.store.BlobStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rule groups in the object store, one object per group under Loki's bucket layout:
 * {@code rules/<tenant>/<base64url(namespace)>/<base64url(group)>}, padded base64url so that any name is a safe key.
 * Objects hold the group as a rule-file YAML of one group (Loki holds a protobuf there: the layout is Loki's, the
 * contents are not). Read-write; encryption at rest applies when the server gives an encrypting {@link BlobStore}.
 */
public final class BucketRuleStore implements RuleStore {
    static final String PREFIX = "rules/";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final BlobStore blobs;

    public BucketRuleStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public List<String> tenants() throws IOException {
        TreeSet<String> tenants = new TreeSet<>();
        for (String key : blobs.list(PREFIX)) {
            String rest = key.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0) tenants.add(rest.substring(0, slash));
        }
        return List.copyOf(tenants);
    }

    @Override
    public SortedMap<String, List<RuleGroup>> groups(String tenant) throws IOException {
        SortedMap<String, List<RuleGroup>> namespaces = new TreeMap<>();
        for (String key : blobs.list(tenantPrefix(tenant))) {
            GroupKey k = GroupKey.parse(key.substring(tenantPrefix(tenant).length()));
            if (k == null) continue;
            RuleGroup g = read(key);
            if (g != null) namespaces.computeIfAbsent(k.namespace(), n -> new ArrayList<>()).add(g);
        }
        return namespaces;
    }

    @Override
    public List<RuleGroup> namespace(String tenant, String namespace) throws IOException {
        List<RuleGroup> groups = new ArrayList<>();
        for (String key : blobs.list(namespacePrefix(tenant, namespace))) {
            RuleGroup g = read(key);
            if (g != null) groups.add(g);
        }
        return groups;
    }

    @Override
    public Optional<RuleGroup> group(String tenant, String namespace, String group) throws IOException {
        return Optional.ofNullable(read(groupKey(tenant, namespace, group)));
    }

    @Override
    public void put(String tenant, String namespace, RuleGroup group) throws IOException {
        blobs.put(groupKey(tenant, namespace, group.name()),
                RuleYamlWriter.group(group).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean deleteGroup(String tenant, String namespace, String group) throws IOException {
        String key = groupKey(tenant, namespace, group);
        if (!blobs.list(key).contains(key)) return false;
        blobs.delete(key);
        return true;
    }

    @Override
    public boolean deleteNamespace(String tenant, String namespace) throws IOException {
        List<String> keys = blobs.list(namespacePrefix(tenant, namespace));
        for (String key : keys) blobs.delete(key);
        return !keys.isEmpty();
    }

    private static String tenantPrefix(String tenant) {
        return PREFIX + tenant + "/";
    }

    private static String namespacePrefix(String tenant, String namespace) {
        return tenantPrefix(tenant) + encode(namespace) + "/";
    }

    static String groupKey(String tenant, String namespace, String group) {
        return namespacePrefix(tenant, namespace) + encode(group);
    }

    private static String encode(String name) {
        return ENCODE.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The group under the key, or null when there is none. */
    private RuleGroup read(String key) throws IOException {
        byte[] bytes;
        try {
            bytes = blobs.get(key);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return RuleYamlReader.groupBody(new String(bytes, StandardCharsets.UTF_8));
        } catch (InvalidRulesException e) {
            throw new IOException("invalid rule group object " + key + ": " + e.getMessage(), e);
        }
    }

    /** {@code <namespace>/<group>} of a key below a tenant, decoded; null for a key of another shape. */
    private record GroupKey(String namespace, String group) {
        static GroupKey parse(String rest) {
            String[] parts = rest.split("/", -1);
            if (parts.length != 2) return null;
            try {
                return new GroupKey(new String(DECODE.decode(parts[0]), StandardCharsets.UTF_8),
                        new String(DECODE.decode(parts[1]), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
