package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code -help} lists every flag Sigyn takes, each with the YAML key it sets and, when it has one, its default. */
class FlagUsageTest {
    private static final String TEXT = FlagUsage.text("bin/sigyn");

    @Test
    void everyFlagIsListedWithItsKey() {
        for (String flag : CommandLine.flagNames()) {
            assertTrue(TEXT.contains("\n  -" + flag + " ") || TEXT.contains("\n  -" + flag + "\n"), "-" + flag);
        }
        for (Setting s : Settings.ALL) {
            assertTrue(TEXT.contains("  -" + s.flag()) && TEXT.contains("\t" + s.path()), s.path());
        }
    }

    @Test
    void defaultsArePrintedInLokisFormatsAndEmptyOnesLeftOut() {
        for (String entry : new String[] {
                "  -ingester.max-chunk-age duration\n    \tingester.max_chunk_age (default 2h0m0s)\n",
                "  -store.retention duration\n    \tlimits_config.retention_period (default 0s)\n",
                "  -distributor.max-line-size size\n    \tlimits_config.max_line_size (default 256KB)\n",
                "  -log.level string\n    \tserver.log_level (default \"info\")\n",
                "  -auth.enabled\n    \tauth_enabled (default false)\n",
                "  -server.http-listen-address string\n    \tserver.http_listen_address\n"}) {
            assertTrue(TEXT.contains(entry), entry + " in:\n" + TEXT);
        }
        assertTrue(TEXT.contains("limits_config.discover_service_name (default service,app,application,"), TEXT);
    }

    @Test
    void helpAndVersionAreRecognisedInGosSpellings() {
        for (String help : new String[] {"-h", "--h", "-help", "--help"}) {
            assertTrue(FlagUsage.asksForHelp(new String[] {"-target=all", help}), help);
        }
        assertTrue(FlagUsage.asksForVersion(new String[] {"--version"}));
        assertFalse(FlagUsage.asksForHelp(new String[] {"-config.file=help.yaml"}));
        assertFalse(FlagUsage.asksForVersion(new String[] {"-version-check"}));
    }
}
