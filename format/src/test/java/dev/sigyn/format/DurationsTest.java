package dev.sigyn.format;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The corpus of Go's and Prometheus' duration forms; the expected texts are what Go prints and reports. */
class DurationsTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long DAY = 86_400 * S;

    @ParameterizedTest(name = "{0}ns is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0                    | 0s
            1                    | 1ns
            7                    | 7ns
            1100                 | 1.1µs
            1500                 | 1.5µs
            250000000            | 250ms
            1500000000           | 1.5s
            90000000000          | 1m30s
            2595601000000000     | 721h0m1s
            -60000000001         | -1m0.000000001s
            2200000              | 2.2ms
            3300000000           | 3.3s
            245000000000         | 4m5s
            245001000000         | 4m5.001s
            18367001000000       | 5h6m7.001s
            480000000001         | 8m0.000000001s
            7200000000000        | 2h0m0s
            -1500000             | -1.5ms
            9223372036854775807  | 2562047h47m16.854775807s
            -9223372036854775808 | -2562047h47m16.854775808s
            """)
    void printsLikeGoTimeDuration(long nanos, String go) {
        assertEquals(go, Durations.formatGo(nanos));
    }

    @ParameterizedTest(name = "{0}ms is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0          | 0s
            1          | 1ms
            1500       | 1s500ms
            5400000    | 1h30m
            1209600000 | 2w
            7776000000 | 90d
            7862400000 | 13w
            2595600000 | 30d1h
            31536000000| 1y
            31622400000| 366d
            """)
    void printsLikePrometheusModelDuration(long millis, String prometheus) {
        assertEquals(prometheus, Durations.formatPrometheus(millis * MS));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0                       | 0
            +0                      | 0
            -0                      | 0
            5s                      | 5000000000
            30s                     | 30000000000
            1478s                   | 1478000000000
            -5s                     | -5000000000
            +5s                     | 5000000000
            5.0s                    | 5000000000
            5.6s                    | 5600000000
            5.s                     | 5000000000
            .5s                     | 500000000
            1.004s                  | 1004000000
            100.00100s              | 100001000000
            10ns                    | 10
            11us                    | 11000
            12µs                    | 12000
            12μs                    | 12000
            13ms                    | 13000000
            14s                     | 14000000000
            15m                     | 900000000000
            16h                     | 57600000000000
            3h30m                   | 12600000000000
            10.5s4m                 | 250500000000
            -2m3.4s                 | -123400000000
            1h2m3s4ms5us6ns         | 3723004005006
            52763797000ns           | 52763797000
            0.3333333333333333333h  | 1200000000000
            9007199254740993ns      | 9007199254740993
            9223372036854775807ns   | 9223372036854775807
            9223372036854775.807us  | 9223372036854775807
            9223372036.854775807s   | 9223372036854775807
            -9223372036854775808ns  | -9223372036854775808
            -9223372036.854775808s  | -9223372036854775808
            0.100000000000000000000h| 360000000000
            """)
    void readsLikeGoParseDuration(String text, String nanos) {
        assertEquals(Long.parseLong(nanos), Durations.parseGo(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                      | time: invalid duration ""
            3                       | time: missing unit in duration "3"
            -                       | time: invalid duration "-"
            s                       | time: invalid duration "s"
            .                       | time: invalid duration "."
            -.                      | time: invalid duration "-."
            .s                      | time: invalid duration ".s"
            +.s                     | time: invalid duration "+.s"
            1d                      | time: unknown unit "d" in duration "1d"
            9223372036854775810ns   | time: invalid duration "9223372036854775810ns"
            9223372036854775808ns   | time: invalid duration "9223372036854775808ns"
            -9223372036854775809ns  | time: invalid duration "-9223372036854775809ns"
            9223372036854775.808us  | time: invalid duration "9223372036854775.808us"
            9223372036854ms775us808ns | time: invalid duration "9223372036854ms775us808ns"
            """)
    void refusesWhatGoRefusesWithItsMessage(String text, String message) {
        assertEquals(message, assertThrows(FormatException.class, () -> Durations.parseGo(text)).getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0
            5m            | 300000
            90d           | 7776000000
            1w            | 604800000
            1y2w3d4h5m6s7ms | 33019506007
            30d1h         | 2595600000
            250ms         | 250
            15000ms       | 15000
            2w1d          | 1296000000
            """)
    void readsLikePrometheusParseDuration(String text, long millis) {
        assertEquals(millis * MS, Durations.parsePrometheus(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''       | empty duration string
            1.5h     | unknown unit "." in duration "1.5h"
            -5m      | not a valid duration string: "-5m"
            5        | not a valid duration string: "5"
            1m1h     | not a valid duration string: "1m1h"
            1h1h     | not a valid duration string: "1h1h"
            30m1h    | not a valid duration string: "30m1h"
            5x       | unknown unit "x" in duration "5x"
            1us      | unknown unit "us" in duration "1us"
            300y     | duration out of range
            """)
    void refusesWhatPrometheusRefusesWithItsMessage(String text, String message) {
        assertEquals(message, assertThrows(FormatException.class, () -> Durations.parsePrometheus(text)).getMessage());
    }

    @ParameterizedTest(name = "{0}ns")
    @CsvSource({"0", "1", "999", "1500000", "7776000000000000", "-123400000000", "9223372036854775807",
            "-9223372036854775808"})
    void goTextReadsBackExactly(long nanos) {
        assertEquals(nanos, Durations.parseGo(Durations.formatGo(nanos)));
    }

    @ParameterizedTest(name = "{0} days")
    @CsvSource({"1", "6", "7", "90", "365", "400"})
    void prometheusTextReadsBackExactly(long days) {
        assertEquals(days * DAY, Durations.parsePrometheus(Durations.formatPrometheus(days * DAY)));
    }
}
