package dev.sigyn.ruler.store;

import dev.sigyn.ruler.rules.InvalidRulesException;
import dev.sigyn.ruler.rules.RuleGroup;
import dev.sigyn.ruler.rules.RuleYamlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Loki's local rule store ({@code ruler.storage.type: local}): {@code <directory>/<tenant>/<file>}, where each file is
 * one namespace named by the whole file name (as Loki does, {@code alerts.yaml} is the namespace
 * {@code alerts.yaml}). Names starting with a dot are skipped (editor swap files, Kubernetes ConfigMap
 * {@code ..data} links); symbolic links are followed. Files are read on every call, so an edit is seen at once.
 * Read-only: writes fail with Loki's texts.
 */
public final class LocalDirectoryRuleStore implements RuleStore {
    private final Path directory;

    public LocalDirectoryRuleStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public List<String> tenants() throws IOException {
        List<String> tenants = new ArrayList<>();
        for (Path p : entries(directory)) if (Files.isDirectory(p)) tenants.add(p.getFileName().toString());
        Collections.sort(tenants);
        return tenants;
    }

    @Override
    public SortedMap<String, List<RuleGroup>> groups(String tenant) throws IOException {
        SortedMap<String, List<RuleGroup>> namespaces = new TreeMap<>();
        if (!RuleStore.isLocalName(tenant)) return namespaces;
        for (Path file : entries(directory.resolve(tenant))) {
            if (!Files.isRegularFile(file)) continue;
            List<RuleGroup> groups = read(file);
            if (!groups.isEmpty()) namespaces.put(file.getFileName().toString(), groups);
        }
        return namespaces;
    }

    @Override
    public List<RuleGroup> namespace(String tenant, String namespace) throws IOException {
        if (!RuleStore.isLocalName(tenant) || !RuleStore.isLocalName(namespace)) return List.of();
        Path file = directory.resolve(tenant).resolve(namespace);
        return Files.isRegularFile(file) ? read(file) : List.of();
    }

    @Override
    public Optional<RuleGroup> group(String tenant, String namespace, String group) throws IOException {
        return namespace(tenant, namespace).stream().filter(g -> g.name().equals(group)).findFirst();
    }

    @Override
    public void put(String tenant, String namespace, RuleGroup group) throws IOException {
        throw new ReadOnlyException("SetRuleGroup");
    }

    @Override
    public boolean deleteGroup(String tenant, String namespace, String group) throws IOException {
        throw new ReadOnlyException("DeleteRuleGroup");
    }

    @Override
    public boolean deleteNamespace(String tenant, String namespace) throws IOException {
        throw new ReadOnlyException("DeleteNamespace");
    }

    /** The directory's entries not starting with a dot, sorted; none when it does not exist. */
    private static List<Path> entries(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) if (!p.getFileName().toString().startsWith(".")) entries.add(p);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Collections.sort(entries);
        return entries;
    }

    private static List<RuleGroup> read(Path file) throws IOException {
        try {
            return RuleYamlReader.namespaceFile(Files.readString(file, StandardCharsets.UTF_8));
        } catch (InvalidRulesException e) {
            throw new IOException("error parsing " + file + ": " + e.getMessage(), e);
        }
    }
}
