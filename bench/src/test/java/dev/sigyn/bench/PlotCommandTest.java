package dev.sigyn.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotCommandTest {
    @Test
    void drawsOneLinePerQueryFromSavedRuns(@TempDir Path dir) throws Exception {
        Path s10 = dir.resolve("q10.txt"), s50 = dir.resolve("q50.txt");
        Files.writeString(s10, "figure query.q1.median_s 0.05\nfigure query.q2.median_s 0.02\nfigure query.errors 0\n");
        Files.writeString(s50, "figure query.q1.median_s 0.20\nfigure query.q2.median_s 0.04\n");
        Path png = dir.resolve("plot.png");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = SigynBench.run(new String[]{"plot", png.toString(), "10=" + s10, "50=" + s50},
                new PrintStream(text, true, StandardCharsets.UTF_8));
        assertEquals(0, status, text.toString(StandardCharsets.UTF_8));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("2 queries at scales [10, 50]"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        // Not a blank canvas: the first query's colour appears somewhere.
        boolean drawn = false;
        for (int x = 0; x < image.getWidth() && !drawn; x++) {
            for (int y = 0; y < image.getHeight() && !drawn; y++) drawn = (image.getRGB(x, y) & 0xffffff) == 0x1f77b4;
        }
        assertTrue(drawn, "a line in the first series colour");
        assertNotEquals(0, SigynBench.run(new String[]{"plot", png.toString(), "10=" + s10},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), "one scale is not a plot");
    }
}
