package dev.sigyn.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the scratch directories that start-up warm-ups write their throw-away WAL and chunks to. */
public final class TemporaryDirectories {
    private TemporaryDirectories() {}

    /** Deletes {@code dir} and everything under it; false when something could not be deleted (left behind). */
    public static boolean deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted(Comparator.reverseOrder()).map(p -> p.toFile().delete()).reduce(true, Boolean::logicalAnd);
        } catch (IOException e) {
            return false;
        }
    }
}
