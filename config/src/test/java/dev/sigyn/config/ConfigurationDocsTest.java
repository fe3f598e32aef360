package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/configuration.md is the user's reference: it must cover every setting and its example must load. */
class ConfigurationDocsTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @TempDir
    Path dir;

    @Test
    void everySettingIsDocumentedWithItsKeyAndFlag() throws Exception {
        String doc = Files.readString(DOC);
        for (Setting s : Settings.ALL) {
            String row = "| `" + s.path() + "` | `-" + s.flag() + "` |";
            assertTrue(doc.contains(row), "docs/configuration.md lacks the row starting " + row);
        }
        for (String flag : CommandLine.flagNames()) {
            assertTrue(doc.contains("`-" + flag + "`"), "docs/configuration.md lacks flag -" + flag);
        }
    }

    @Test
    void theExampleFileLoadsWithoutWarnings() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.lastIndexOf("```yaml\n");
        String example = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, example);
        var loaded = ConfigLoader.load(new String[] {"-config.file=" + file}, name -> null);
        assertEquals(List.of(), loaded.warnings());
        assertEquals("/var/lib/sigyn/wal", loaded.config().walDirectory());
        assertEquals("/var/lib/sigyn/chunks", loaded.config().chunksDirectory());
        assertEquals(8, loaded.config().limits().ingestionRateMb());
    }
}
