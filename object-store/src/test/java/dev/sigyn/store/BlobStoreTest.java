package dev.sigyn.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class BlobStoreTest {
    @TempDir
    Path dir;

    private List<BlobStore> stores() throws IOException {
        return List.of(new InMemoryBlobStore(), new FileSystemBlobStore(dir.resolve("bucket")));
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void putThenGetReturnsTheSameBytes() throws IOException {
        for (BlobStore store : stores()) {
            store.put("chunks/t1/ab/1-2-3", bytes("hello"));
            assertArrayEquals(bytes("hello"), store.get("chunks/t1/ab/1-2-3"), store.getClass().getSimpleName());
        }
    }

    @Test
    void putReplacesAnExistingObject() throws IOException {
        for (BlobStore store : stores()) {
            store.put("a/b", bytes("old"));
            store.put("a/b", bytes("new"));
            assertArrayEquals(bytes("new"), store.get("a/b"));
        }
    }

    @Test
    void getOfAMissingKeyThrowsNoSuchFile() throws IOException {
        for (BlobStore store : stores()) {
            assertThrows(NoSuchFileException.class, () -> store.get("index/1/t/missing.idx"));
        }
    }

    @Test
    void listReturnsKeysWithThePrefixSorted() throws IOException {
        for (BlobStore store : stores()) {
            store.put("index/20/t1/b.idx", bytes("1"));
            store.put("index/20/t1/a.idx", bytes("2"));
            store.put("index/20/t10/c.idx", bytes("3"));
            store.put("index/21/t1/d.idx", bytes("4"));
            store.put("chunks/t1/ff/x", bytes("5"));
            assertEquals(List.of("index/20/t1/a.idx", "index/20/t1/b.idx"), store.list("index/20/t1/"));
            assertEquals(List.of("index/20/t1/a.idx", "index/20/t1/b.idx", "index/20/t10/c.idx"), store.list("index/20/t1"));
            assertEquals(5, store.list("").size());
            assertEquals(List.of(), store.list("index/99/"));
            assertEquals(List.of(), store.list("nothing"));
        }
    }

    @Test
    void deleteRemovesTheObjectAndIgnoresMissingOnes() throws IOException {
        for (BlobStore store : stores()) {
            store.put("x/y", bytes("1"));
            store.delete("x/y");
            store.delete("x/y");
            assertEquals(List.of(), store.list("x/"));
            assertThrows(NoSuchFileException.class, () -> store.get("x/y"));
        }
    }

    @Test
    void keysThatCouldEscapeTheRootAreRejected() throws IOException {
        for (BlobStore store : stores()) {
            for (String bad : List.of("../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "", "a/")) {
                assertThrows(IllegalArgumentException.class, () -> store.put(bad, bytes("x")), bad);
                assertThrows(IllegalArgumentException.class, () -> store.get(bad), bad);
            }
        }
        assertFalse(Files.exists(dir.resolve("etc")));
    }

    @Test
    void fileSystemStoreMapsKeysToRelativePathsAndLeavesNoTemporaryFiles() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("bucket"));
        store.put("chunks/t1/ab/1-2-3", bytes("data"));
        assertArrayEquals(bytes("data"), Files.readAllBytes(dir.resolve("bucket/chunks/t1/ab/1-2-3")));
        try (Stream<Path> temp = Files.list(dir.resolve("bucket").resolve(FileSystemBlobStore.TEMP_DIR))) {
            assertEquals(0, temp.count());
        }
        assertEquals(List.of("chunks/t1/ab/1-2-3"), store.list(""));
    }

    @Test
    void fileSystemStoreNeverListsOrServesAHalfWrittenObject() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("bucket"));
        store.put("a/b", bytes("whole"));
        // A crash mid-write leaves only a temporary file behind: it is invisible to readers.
        Files.write(dir.resolve("bucket").resolve(FileSystemBlobStore.TEMP_DIR).resolve("crashed.tmp"), bytes("partial"));
        assertEquals(List.of("a/b"), store.list(""));
        assertThrows(NoSuchFileException.class, () -> store.get("crashed.tmp"));
        // A reopened store keeps serving committed objects.
        assertArrayEquals(bytes("whole"), new FileSystemBlobStore(dir.resolve("bucket")).get("a/b"));
    }

    @Test
    void aFileSystemStoreOnAMissingDirectoryIsEmptyUntilTheFirstWrite() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("not/yet"));
        assertEquals(List.of(), store.list(""));
        assertThrows(NoSuchFileException.class, () -> store.get("a"));
        store.put("a", bytes("1"));
        assertEquals(List.of("a"), store.list(""));
    }

    @Test
    void concurrentReadersSeeOldOrNewObjectNeverAMix() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(dir.resolve("bucket"));
        byte[] a = new byte[1 << 20];
        byte[] b = new byte[1 << 20];
        java.util.Arrays.fill(a, (byte) 'a');
        java.util.Arrays.fill(b, (byte) 'b');
        store.put("k", a);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 20; i++) store.put("k", i % 2 == 0 ? b : a);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            byte[] got = store.get("k");
            assertEquals(a.length, got.length);
            assertTrue(java.util.Arrays.equals(got, a) || java.util.Arrays.equals(got, b), "mixed object");
        }
        writer.join();
    }
}
