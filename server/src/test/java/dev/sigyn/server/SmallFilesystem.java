package dev.sigyn.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tmpfs of a chosen size mounted on a directory, for tests of a full disk, unmounted on close. Where mounting is not
 * allowed (the tests must run as root or with CAP_SYS_ADMIN) it fails with a message saying so: never a silent skip.
 */
final class SmallFilesystem implements AutoCloseable {
    final Path dir;
    private final Path filler;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    static SmallFilesystem mount(Path dir, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString());
        if (out != null) {
            throw new IllegalStateException("this test needs a small filesystem of its own and could not mount a tmpfs on "
                    + dir + " (run the tests as root or with CAP_SYS_ADMIN): " + out);
        }
        return new SmallFilesystem(dir);
    }

    /** Writes a filler file until only about {@code leaveFree} bytes are free; {@link #free} deletes it. */
    void fill(long leaveFree) throws IOException {
        long usable = Files.getFileStore(dir).getUsableSpace();
        long size = Math.max(0, usable - leaveFree);
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < size; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run("umount", "-l", dir.toString());
        if (out != null) throw new IllegalStateException("could not unmount the test's tmpfs on " + dir + ": " + out);
    }

    /** Null when the command succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : "`" + String.join(" ", command) + "` exited with " + p.exitValue() + ": " + out;
    }
}
