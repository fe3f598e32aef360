package dev.sigyn.store;

/** Checks that a key is a plain relative path, so no backend can be tricked into reading or writing outside its root. */
final class ObjectKeyRules {
    private ObjectKeyRules() {}

    static String check(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("empty object key");
        if (key.startsWith("/") || key.endsWith("/")) throw new IllegalArgumentException("object key must not start or end with '/': " + key);
        if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) throw new IllegalArgumentException("bad character in object key: " + key);
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key must not contain empty, '.' or '..' segments: " + key);
            }
        }
        if (key.equals(FileSystemBlobStore.TEMP_DIR) || key.startsWith(FileSystemBlobStore.TEMP_DIR + "/")) {
            throw new IllegalArgumentException("object key uses a reserved name: " + key);
        }
        return key;
    }
}
