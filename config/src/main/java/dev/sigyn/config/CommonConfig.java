package dev.sigyn.config;

/** {@code common:} block: where data lives. Sigyn's single binary defaults {@code path_prefix} to {@code data}. */
public record CommonConfig(String pathPrefix, StorageConfig storage) {
    public static CommonConfig defaults() {
        return new CommonConfig("data", StorageConfig.defaults());
    }

    /** {@code common.storage:} block. */
    public record StorageConfig(FilesystemConfig filesystem) {
        public static StorageConfig defaults() {
            return new StorageConfig(FilesystemConfig.defaults());
        }
    }

    /** {@code common.storage.filesystem:} block; empty directories mean "under path_prefix". */
    public record FilesystemConfig(String chunksDirectory, String rulesDirectory) {
        public static FilesystemConfig defaults() {
            return new FilesystemConfig("", "");
        }
    }
}
