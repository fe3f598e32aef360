package dev.sigyn.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code sigyn-bench plot OUT.png SCALE=FILE ...}: draws the median time of each benchmark query against the data
 * size, from saved {@code sigyn-bench query} outputs at several scales, so a user sees how cost grows with volume.
 * Plain Java2D (headless), so it needs nothing beyond the JDK.
 */
final class PlotCommand {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80, RIGHT = 250, TOP = 50, BOTTOM = 60;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private PlotCommand() {}

    static int run(List<String> args, PrintStream out) throws IOException {
        if (args.size() < 3) throw new Options.UsageException("plot needs OUT.png and at least two SCALE=FILE");
        Path png = Path.of(args.get(0));
        // query name -> scale -> median seconds
        Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
        TreeSet<Integer> scales = new TreeSet<>();
        for (String arg : args.subList(1, args.size())) {
            int eq = arg.indexOf('=');
            if (eq <= 0) throw new Options.UsageException("expected SCALE=FILE, got " + arg);
            int scale = Integer.parseInt(arg.substring(0, eq));
            scales.add(scale);
            for (Map.Entry<String, Double> f : Figures.parse(Path.of(arg.substring(eq + 1))).entrySet()) {
                String name = f.getKey();
                if (name.startsWith("query.q") && name.endsWith(".median_s")) {
                    String query = name.substring("query.".length(), name.length() - ".median_s".length());
                    series.computeIfAbsent(query, q -> new TreeMap<>()).put(scale, f.getValue());
                }
            }
        }
        if (series.isEmpty()) throw new Options.UsageException("no query.*.median_s figures in the files");
        ImageIO.write(draw(series, scales), "png", png.toFile());
        out.printf(Locale.ROOT, "plot: %d queries at scales %s written to %s%n", series.size(), scales, png);
        return 0;
    }

    private static BufferedImage draw(Map<String, TreeMap<Integer, Double>> series, TreeSet<Integer> scales) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxY = 0;
        for (TreeMap<Integer, Double> s : series.values()) for (double v : s.values()) maxY = Math.max(maxY, v);
        maxY = niceCeiling(maxY);
        int maxX = scales.last();
        int plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Sigyn query time vs data size (median, warm cache)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // axes and grid
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            int y = TOP + plotH - (int) Math.round(plotH * v / maxY);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f s", v), 15, y + 4);
        }
        for (int scale : scales) {
            int x = LEFT + (int) Math.round(plotW * (double) scale / maxX);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%.2f M lines", scale * 16_100 / 1e6);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
            String sub = "scale " + scale;
            g.drawString(sub, x - g.getFontMetrics().stringWidth(sub) / 2, TOP + plotH + 34);
        }
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        // one line per query
        int i = 0;
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, TreeMap<Integer, Double>> s : series.entrySet()) {
            Color c = COLORS[i % COLORS.length];
            g.setColor(c);
            List<int[]> points = new ArrayList<>();
            for (Map.Entry<Integer, Double> p : s.getValue().entrySet()) {
                points.add(new int[]{LEFT + (int) Math.round(plotW * (double) p.getKey() / maxX),
                        TOP + plotH - (int) Math.round(plotH * p.getValue() / maxY)});
            }
            for (int k = 0; k < points.size(); k++) {
                int[] p = points.get(k);
                g.fillOval(p[0] - 4, p[1] - 4, 8, 8);
                if (k > 0) g.drawLine(points.get(k - 1)[0], points.get(k - 1)[1], p[0], p[1]);
            }
            int ly = TOP + 10 + i * 22;
            g.drawLine(WIDTH - RIGHT + 20, ly, WIDTH - RIGHT + 45, ly);
            g.setColor(Color.BLACK);
            g.drawString(s.getKey() + "  " + String.format(Locale.ROOT, "%.3f s at scale %d",
                    s.getValue().lastEntry().getValue(), s.getValue().lastKey()), WIDTH - RIGHT + 52, ly + 4);
            i++;
        }
        g.dispose();
        return img;
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above {@code v}. */
    private static double niceCeiling(double v) {
        if (v <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 5, 10}) if (m * p >= v) return m * p;
        return 10 * p;
    }
}
