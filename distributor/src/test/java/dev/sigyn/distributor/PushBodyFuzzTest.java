package dev.sigyn.distributor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sigyn.ingester.EntrySize;
import dev.sigyn.logql.FuzzOracle;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of a Loki push body as {@link PushHandler} decodes it: content encoding
 * (none, snappy, gzip, deflate or one that is refused), then protobuf in raw snappy, JSON or the legacy JSON, then
 * the streams' label text. The clean outcomes are decoded streams and a {@link PushRejection} with a 4xx status;
 * any other exception or error, an input that takes seconds, or an allocation far beyond the input is a finding
 * ({@link FuzzOracle}). Decompression may legitimately produce up to the decoded size limit, which is set small here
 * ({@link #MAX_DECODED}) so that the allocation check means something.
 *
 * <p>An input is one shape byte, then the body (see {@link #render}). The corpus is in
 * {@code src/test/resources/dev/sigyn/distributor/PushBodyFuzzTestInputs/decode/}. {@code ./mvnw verify} replays it
 * and then fuzzes for a short while (the root pom's "fuzz" execution). To fuzz longer:
 * {@code ./mvnw -pl distributor -am verify -Dtest=PushBodyFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsigyn.fuzz.duration=10m}. A finding fails the test and shows its input; libFuzzer saves it in
 * {@code distributor/target/fuzz/crash-<sha1>}, and copied into the corpus folder it is replayed by every build.
 */
class PushBodyFuzzTest {
    static final long MAX_DECODED = 64 * 1024;
    /** What one run may allocate besides its shares below: inflater and parser buffers, small tables. */
    static final long FIXED_ALLOWANCE = 512 * 1024;
    /** Allocation per received byte that is never suspicious. */
    static final long PER_INPUT_BYTE = 64;
    /** Allocation per byte of the decoded size limit, for a body that is decompressed (snappy, gzip, deflate). */
    static final long PER_DECODED_BYTE = 16;

    private static final String[] CONTENT_TYPES =
            {"application/x-protobuf", "application/json", " Application/JSON ; charset=utf-8", null};
    private static final String[] ENCODINGS = {null, "", "snappy", "gzip", "deflate", "identity", "GZIP", "br"};

    private final PushBodyDecoder decoder = new PushBodyDecoder(new BodyLimits(MAX_DECODED, MAX_DECODED));

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) {
        PushBody body = render(input);
        boolean decompresses = !PushBodyDecoder.isJson(body.contentType())
                || "gzip".equals(body.contentEncoding()) || "deflate".equals(body.contentEncoding());
        long budget = FIXED_ALLOWANCE + PER_INPUT_BYTE * input.length + (decompresses ? PER_DECODED_BYTE * MAX_DECODED : 0);
        FuzzOracle.check(input, budget, () -> decodeOnce(body));
    }

    /** What PushHandler does with a body before validation; returns for decoded streams and 4xx rejections. */
    private void decodeOnce(PushBody body) {
        try {
            List<ReceivedStream> streams = decoder.decode(body);
            for (ReceivedStream s : streams) EntrySize.of(s.entries());
            StreamLabelParser.parseAll(streams);
        } catch (PushRejection rejection) {
            assertTrue(rejection.status() >= 400 && rejection.status() < 500, () -> rejection.status() + " " + rejection);
        }
    }

    /**
     * The push an input stands for. Its first byte chooses: bit 0 the legacy path {@code /api/prom/push}, bits 1-2
     * the Content-Type ({@link #CONTENT_TYPES}), bits 3-5 the Content-Encoding ({@link #ENCODINGS}), bit 6 whether the
     * rest is the payload that this method encodes (snappy for protobuf, then gzip or deflate as the header says;
     * so that mutations reach the decoders behind the compression) rather than the body as sent, bit 7 raw DEFLATE
     * rather than zlib when this method deflates.
     */
    static PushBody render(byte[] input) {
        int shape = input.length == 0 ? 0 : input[0] & 0xff;
        byte[] payload = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        String type = CONTENT_TYPES[(shape >> 1) & 3];
        String encoding = ENCODINGS[(shape >> 3) & 7];
        byte[] body = payload;
        if ((shape & 0x40) != 0) {
            if (!PushBodyDecoder.isJson(type)) body = snappy(body);
            if ("gzip".equals(encoding)) body = gzip(body);
            if ("deflate".equals(encoding)) body = deflate(body, (shape & 0x80) != 0);
        }
        return new PushBody(type, encoding, (shape & 1) != 0, body, body.length, InflightBytes.unlimited().lease());
    }

    static byte[] snappy(byte[] data) {
        try {
            return Snappy.compress(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
            d.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
