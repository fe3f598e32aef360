package dev.sigyn.server;

/** Reads values out of the Prometheus text that {@code /metrics} answers. */
final class PrometheusText {
    private PrometheusText() {}

    /** The sum of the samples of {@code name} whose labels include every given name/value pair; 0 when none. */
    static double value(String text, String name, String... labelPairs) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) continue;
            int end = name.length();
            if (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') continue; // a longer name
            boolean matches = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                if (!line.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) matches = false;
            }
            if (matches) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }
}
