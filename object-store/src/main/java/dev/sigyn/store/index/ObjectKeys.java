package dev.sigyn.store.index;

/**
 * The bucket layout. Chunks: {@code chunks/<tenant>/<fingerprint hex>/<from hex>-<through hex>-<checksum hex>};
 * index files: {@code index/<period>/<tenant>/<writer>-<sequence>.idx}, where a period is a UTC day number.
 */
public final class ObjectKeys {
    public static final long PERIOD_NANOS = 86_400_000_000_000L;

    private ObjectKeys() {}

    /** The UTC day number containing a timestamp. */
    public static long period(long timestampNanos) { return Math.floorDiv(timestampNanos, PERIOD_NANOS); }

    public static String chunkKey(String tenant, long fingerprint, long fromNanos, long throughNanos, int checksum) {
        return "chunks/" + tenant + "/" + Long.toHexString(fingerprint) + "/" + Long.toHexString(fromNanos) + "-"
                + Long.toHexString(throughNanos) + "-" + Integer.toHexString(checksum);
    }

    public static String indexPrefix(long period, String tenant) {
        return "index/" + period + "/" + tenant + "/";
    }

    /** A new index file's key; {@code writer} names the ingester, {@code sequence} is unique per writer (e.g. time-based). */
    public static String indexKey(long period, String tenant, String writer, long sequence) {
        return indexPrefix(period, tenant) + writer + "-" + String.format("%019d", sequence) + ".idx";
    }

    /** The parts of an index file's key, as {@link #indexKey} wrote them. */
    public record IndexFile(String key, long period, String tenant) {}

    /** The index file a key names, or null when the key is not one ({@code index/<period>/<tenant>/<name>.idx}). */
    public static IndexFile parseIndexKey(String key) {
        String[] parts = key.split("/");
        if (parts.length != 4 || !parts[0].equals("index") || !parts[3].endsWith(".idx")) return null;
        try {
            return new IndexFile(key, Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
