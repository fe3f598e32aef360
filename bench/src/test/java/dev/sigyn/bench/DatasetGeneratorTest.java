package dev.sigyn.bench;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class DatasetGeneratorTest {

    /** The Java port must produce gen_dataset.py's output exactly: same labels, timestamps and line bytes. */
    @Test
    void scaleOneEqualsTheConformanceDatasetEntryForEntry() throws Exception {
        Dataset expected;
        try (InputStream in = getClass().getResourceAsStream("/conformance/dataset.json")) {
            assertNotNull(in, "conformance/dataset.json on the test classpath");
            expected = DatasetFile.read(in);
        }
        Dataset actual = DatasetGenerator.generate(1);

        assertEquals(expected.t0Nanos(), actual.t0Nanos());
        assertEquals(expected.t1Nanos(), actual.t1Nanos());
        assertEquals(expected.tenants().keySet(), actual.tenants().keySet());
        for (Map.Entry<String, List<Dataset.Stream>> tenant : expected.tenants().entrySet()) {
            List<Dataset.Stream> want = tenant.getValue();
            List<Dataset.Stream> got = actual.tenants().get(tenant.getKey());
            assertEquals(want.size(), got.size(), tenant.getKey());
            for (int s = 0; s < want.size(); s++) {
                Dataset.Stream w = want.get(s);
                Dataset.Stream g = got.get(s);
                assertEquals(w.labels(), g.labels());
                assertArrayEquals(w.timestamps(), g.timestamps(), w.labels().toString());
                for (int i = 0; i < w.size(); i++) {
                    int line = i;
                    assertArrayEquals(w.lines()[i], g.lines()[i],
                            () -> w.labels() + " line " + line + ": " + new String(g.lines()[line], StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(14_300, actual.onlyTenant("acme").lineCount());
        assertEquals(1_693_161, actual.onlyTenant("acme").lineBytes());
        assertEquals(14, actual.streamCount());
    }

    @Test
    void scaleMultipliesEntriesPerStream() {
        Dataset twice = DatasetGenerator.generate(2);
        assertEquals(2 * 16_100, twice.lineCount());
        assertEquals(14, twice.streamCount());
    }
}
