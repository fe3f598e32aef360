package dev.sigyn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Figures read from this machine rather than over HTTP: a process's resident memory, a directory's size. */
final class LocalFigures {
    private LocalFigures() {}

    /** Resident set size of a process in bytes, from {@code /proc/PID/status}. */
    static long rssBytes(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024; // the kernel reports kB
            }
        }
        throw new IOException(status + " has no VmRSS line (is " + pid + " a kernel thread?)");
    }

    /**
     * CPU time (user + system) a process has used so far, in seconds, from {@code /proc/PID/stat}; its clock ticks
     * are 1/100 s on Linux's usual configuration (USER_HZ).
     */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime: fields 14, 15
    }

    /** CPU time this JVM has used so far, in seconds. */
    static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** Bytes in regular files under {@code dir}, in total and per top-level entry. */
    static Map<String, Long> directorySizes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("not a directory: " + dir);
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    String top = dir.relativize(f).getName(0).toString();
                    sizes.merge(top, Files.size(f), Long::sum);
                } catch (NoSuchFileException e) {
                    // deleted while we walked (a WAL segment, a compacted chunk): no longer stored
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sizes;
    }
}
