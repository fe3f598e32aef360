package dev.sigyn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A {@link BlobStore} on a local directory: the key {@code a/b/c} is the file {@code <root>/a/b/c}. Writes go to a
 * temporary file under {@code <root>/.tmp}, are fsynced and then renamed into place, so a reader never sees a
 * partial object, even after a crash.
 */
public final class FileSystemBlobStore implements BlobStore {
    static final String TEMP_DIR = ".tmp";

    private final Path root;
    private final Path tempDir;

    /** Directories are created on the first write, so a store on a not-yet-existing path reads as empty. */
    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tempDir = this.root.resolve(TEMP_DIR);
    }

    public Path root() { return root; }

    @Override
    public byte[] get(String key) throws IOException {
        return Files.readAllBytes(pathOf(key));
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Files.createDirectories(tempDir);
        Path temp = tempDir.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob store directory " + root + " does not support atomic renames", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(target.getParent());
    }

    /** Makes the rename itself durable; some platforms cannot open directories, which only weakens crash safety. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not supported here (e.g. Windows); the data itself was already forced
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        // Walk only the deepest directory the prefix names entirely, then filter by the rest of the prefix.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(root) || !Files.isDirectory(start)) return List.of();
        List<String> keys = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(tempDir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String key = keyOf(file);
                    if (key.startsWith(prefix)) keys.add(key);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // deleted while we walked
                throw e;
            }
        });
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    private Path pathOf(String key) {
        Path p = root.resolve(ObjectKeyRules.check(key)).normalize();
        if (!p.startsWith(root) || p.equals(root)) throw new IllegalArgumentException("object key escapes the store: " + key);
        return p;
    }

    private String keyOf(Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (!sb.isEmpty()) sb.append('/');
            sb.append(part);
        }
        return sb.toString();
    }
}
