package dev.sigyn.distributor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.ingester.EntrySize;
import dev.sigyn.logql.FuzzOracle;

import java.util.Arrays;
import java.util.List;

import static dev.sigyn.distributor.PushBodyFuzzTest.FIXED_ALLOWANCE;
import static dev.sigyn.distributor.PushBodyFuzzTest.MAX_DECODED;
import static dev.sigyn.distributor.PushBodyFuzzTest.PER_DECODED_BYTE;
import static dev.sigyn.distributor.PushBodyFuzzTest.PER_INPUT_BYTE;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of an OTLP/HTTP logs body as {@link PushHandler#handleOtlp} decodes it: gzip or
 * none (others are refused), protobuf or JSON, then Loki's mapping of resources, scopes and records to streams. The
 * oracle and the limits are {@link PushBodyFuzzTest}'s.
 *
 * <p>An input is one shape byte, then the body (see {@link #render}). The corpus is in
 * {@code src/test/resources/dev/sigyn/distributor/OtlpBodyFuzzTestInputs/decode/}; running it longer works as for
 * {@link PushBodyFuzzTest} with {@code -Dtest=OtlpBodyFuzzTest}.
 */
class OtlpBodyFuzzTest {
    private static final long NOW_NANOS = 1_700_000_000_000_000_000L;
    private static final String[] CONTENT_TYPES =
            {"application/x-protobuf", "application/json", "Application/JSON; charset=utf-8", "text/plain"};
    private static final String[] ENCODINGS = {null, "gzip", " GZip ", "deflate"};

    private final OtlpDecoder decoder = new OtlpDecoder(new BodyLimits(MAX_DECODED, MAX_DECODED));

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) {
        PushBody body = render(input);
        boolean decompresses = body.contentEncoding() != null;
        long budget = FIXED_ALLOWANCE + PER_INPUT_BYTE * input.length + (decompresses ? PER_DECODED_BYTE * MAX_DECODED : 0);
        FuzzOracle.check(input, budget, () -> decodeOnce(body));
    }

    /** What PushHandler does with an OTLP body before validation; returns for streams and 4xx rejections. */
    private void decodeOnce(PushBody body) {
        try {
            List<ParsedStream> streams = OtlpMapper.toStreams(decoder.decode(body),
                    LimitsConfig.DEFAULT_SERVICE_NAME_LABELS, NOW_NANOS);
            for (ParsedStream s : streams) EntrySize.of(s.entries());
        } catch (PushRejection rejection) {
            assertTrue(rejection.status() >= 400 && rejection.status() < 500, () -> rejection.status() + " " + rejection);
        }
    }

    /**
     * The export an input stands for. Its first byte chooses: bits 0-1 the Content-Type ({@link #CONTENT_TYPES}),
     * bits 2-3 the Content-Encoding ({@link #ENCODINGS}), bit 6 whether the rest is the payload that this method
     * gzips when the header says gzip (so that mutations reach the decoders behind the compression) rather than the
     * body as sent.
     */
    static PushBody render(byte[] input) {
        int shape = input.length == 0 ? 0 : input[0] & 0xff;
        byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        String type = CONTENT_TYPES[shape & 3];
        String encoding = ENCODINGS[(shape >> 2) & 3];
        if ((shape & 0x40) != 0 && encoding != null && encoding.strip().equalsIgnoreCase("gzip")) {
            body = PushBodyFuzzTest.gzip(body);
        }
        return new PushBody(type, encoding, false, body, body.length, InflightBytes.unlimited().lease());
    }
}
