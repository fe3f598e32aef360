package dev.sigyn.ruler;

import dev.sigyn.config.ConfigException;
import dev.sigyn.config.RulerConfig;
import dev.sigyn.ruler.store.BucketRuleStore;
import dev.sigyn.ruler.store.LocalDirectoryRuleStore;
import dev.sigyn.ruler.store.RuleStore;
import dev.sigyn.store.BlobStore;

import java.nio.file.Path;

/** Picks the rule store {@code ruler.storage} names. */
public final class RuleStores {
    private RuleStores() {}

    /**
     * @param objectStore the server's object store ({@code common.storage}, encrypting when encryption at rest is on):
     *                    used for {@code s3}, {@code filesystem} and no type at all
     * @throws ConfigException for {@code local} without a directory, with Loki's text
     */
    public static RuleStore open(RulerConfig config, BlobStore objectStore) throws ConfigException {
        if (config.isLocal()) {
            if (config.localDirectory().isEmpty()) {
                throw new ConfigException("ruler.storage.local.directory: directory required for local rules config");
            }
            return new LocalDirectoryRuleStore(Path.of(config.localDirectory()));
        }
        return new BucketRuleStore(objectStore);
    }
}
