package dev.sigyn.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MainTest {
    @Test
    void upTakesTheIssuesOptionsInBothSpellings() {
        Options o = Main.parseUp(List.of("--brokers", "1", "--distributors=3", "--ingesters", "4", "--queriers", "0",
                "--partitions", "8", "--config", "sigyn.yaml"));
        assertEquals(1, o.brokers());
        assertEquals(3, o.distributors());
        assertEquals(4, o.ingesters());
        assertEquals(0, o.queriers());
        assertEquals(8, o.partitions());
        assertEquals(Optional.of(Path.of("sigyn.yaml")), o.configFile());
        assertEquals(1, o.queryFrontends());
        assertEquals(1, o.compactors());
    }

    @Test
    void theDefaultsAreTheIssues() {
        Options o = Main.parseUp(List.of());
        assertEquals(List.of(3, 2, 2, 2, 1, 1, 4), List.of(o.brokers(), o.distributors(), o.ingesters(), o.queriers(),
                o.queryFrontends(), o.compactors(), o.partitions()));
    }

    @Test
    void anUnknownOptionOrABadCountIsRefused() {
        assertThrows(RuntimeException.class, () -> Main.parseUp(List.of("--brokerz", "3")));
        assertThrows(RuntimeException.class, () -> Main.parseUp(List.of("--brokers", "three")));
        assertThrows(IllegalArgumentException.class, () -> Main.parseUp(List.of("--brokers", "0")));
    }

    @Test
    void aClusterLineIsNamePidAddress() {
        Member m = Member.parse("distributor-1 4250 http://127.0.0.1:31001");
        assertEquals("distributor", m.role());
        assertEquals(31001, m.port());
        assertEquals("distributor-1 4250 http://127.0.0.1:31001", m.line());
        assertEquals(2, Member.parse("broker-2 4242 127.0.0.1:19092").nodeId());
    }

    @Test
    void aConfigFileNamingAnS3BucketKeepsTheSharedDirectoryOut(@TempDir Path dir) throws IOException {
        Path s3 = Files.writeString(dir.resolve("s3.yaml"), """
                common:
                  storage:
                    s3:
                      bucketnames: logs
                      endpoint: 127.0.0.1:9000
                """);
        Path plain = Files.writeString(dir.resolve("plain.yaml"), "auth_enabled: true\n");
        assertTrue(LocalCluster.namesS3Bucket(s3));
        assertFalse(LocalCluster.namesS3Bucket(plain));
        assertThrows(IllegalArgumentException.class, () -> LocalCluster.namesS3Bucket(dir.resolve("missing.yaml")));
    }
}
