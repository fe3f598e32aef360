package dev.sigyn.microbench;

import dev.sigyn.bench.Dataset;
import dev.sigyn.bench.DatasetGenerator;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.util.ArrayList;
import java.util.List;

/** The benchmark dataset (the conformance generator's, tenant acme), generated once per benchmark JVM. */
final class BenchData {
    /** Scale 4: about 57 k lines, 6.8 MB of text for acme, enough that a chunk holds several blocks. */
    static final int SCALE = 4;
    private static Dataset dataset;

    private BenchData() {}

    static synchronized List<Dataset.Stream> acme() {
        if (dataset == null) dataset = DatasetGenerator.generate(SCALE);
        return dataset.tenants().get("acme");
    }

    /** The acme streams a selector matches. */
    static List<Dataset.Stream> matching(LogSelectorExpr selector) {
        List<Dataset.Stream> out = new ArrayList<>();
        for (Dataset.Stream s : acme()) {
            Labels labels = Labels.fromMap(s.labels());
            boolean all = true;
            for (LabelMatcher m : selector.matchers()) all &= m.matches(labels);
            if (all) out.add(s);
        }
        return out;
    }

    /** Every line of every acme stream, stream after stream. */
    static byte[][] allLines() {
        List<byte[]> out = new ArrayList<>();
        for (Dataset.Stream s : acme()) out.addAll(List.of(s.lines()));
        return out.toArray(new byte[0][]);
    }

    static long bytes(byte[][] lines) {
        long sum = 0;
        for (byte[] l : lines) sum += l.length;
        return sum;
    }
}
