package dev.sigyn.distributor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.distributor.redaction.Redactor;
import dev.sigyn.ingester.EntrySize;
import dev.sigyn.ingester.PushOutcome;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.PushUnavailableException;
import dev.sigyn.ingester.Pusher;
import dev.sigyn.ingester.StreamPush;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The push path after HTTP: decode, parse stream labels, validate, apply the tenant's rate limit, hand the valid
 * entries to the ingester, and say what the client should hear. Blocking (the ingester syncs its WAL): call it from a
 * worker thread.
 */
final class PushHandler {
    private static final Logger log = LoggerFactory.getLogger(PushHandler.class);
    static final String NO_STREAMS = "error at least one valid stream is required for ingestion";

    private final PushBodyDecoder decoder;
    private final Validator validator;
    private final IngestionRateLimiter rateLimiter;
    private final Pusher pusher;
    private final TenantLimits limitsOfTenant;
    private final InstantSource clock;
    private final DistributorMetrics metrics;
    private final OtlpDecoder otlpDecoder;
    private final Redactor redactor;

    /** @param distributorCount how many distributors share the tenants' ingestion rates (1: the single binary) */
    PushHandler(Pusher pusher, TenantLimits limitsOfTenant, BodyLimits bodyLimits,
                InstantSource clock, DistributorMetrics metrics, IntSupplier distributorCount, Redactor redactor) {
        this.decoder = new PushBodyDecoder(bodyLimits);
        this.otlpDecoder = new OtlpDecoder(bodyLimits);
        this.validator = new Validator(metrics);
        this.rateLimiter = new IngestionRateLimiter(clock, distributorCount);
        this.pusher = pusher;
        this.limitsOfTenant = limitsOfTenant;
        this.clock = clock;
        this.metrics = metrics;
        this.redactor = redactor;
    }

    PushReply handle(String tenant, PushBody body) {
        return answered(tenant, body, process(tenant, body));
    }

    /** An OTLP/HTTP logs export: mapped to streams by Loki's default OTLP rules, then stored like any push. */
    PushReply handleOtlp(String tenant, PushBody body) {
        List<ParsedStream> streams;
        try {
            LimitsConfig limits = limitsOfTenant.forTenant(tenant);
            streams = OtlpMapper.toStreams(otlpDecoder.decode(body), otlpServiceNameLabels(limits),
                    UnixNanos.of(clock.instant()));
        } catch (PushRejection rejection) {
            return answered(tenant, body, PushReply.of(rejection));
        }
        received(tenant, streams);
        if (streams.isEmpty()) return answered(tenant, body, PushReply.NO_CONTENT); // an export without records
        return answered(tenant, body, store(tenant, streams, true));
    }

    /**
     * OTLP pushes always get {@code service_name} and {@code detected_level}, as in Loki: with Loki 3's label list
     * when Sigyn's {@code discover_service_name} is left at its default (empty, for the Loki push API).
     */
    private static List<String> otlpServiceNameLabels(LimitsConfig limits) {
        return limits.discoverServiceName().isEmpty() ? LimitsConfig.DEFAULT_SERVICE_NAME_LABELS
                : limits.discoverServiceName();
    }

    private PushReply answered(String tenant, PushBody body, PushReply reply) {
        metrics.push(tenant, reply.status());
        if (reply.status() != 204) {
            log.atDebug().setMessage("push rejected").addKeyValue("tenant", tenant)
                    .addKeyValue("status", reply.status()).addKeyValue("contentType", body.contentType())
                    .addKeyValue("contentEncoding", body.contentEncoding()).addKeyValue("bodyBytes", body.length())
                    .addKeyValue("error", reply.message()).log();
        }
        return reply;
    }

    private PushReply process(String tenant, PushBody body) {
        List<ParsedStream> streams;
        long lines = 0;
        long bytes = 0;
        try {
            List<ReceivedStream> received = decoder.decode(body);
            for (ReceivedStream s : received) {
                lines += s.entries().size();
                bytes += EntrySize.of(s.entries());
            }
            metrics.received(tenant, lines, bytes);
            if (received.isEmpty()) return new PushReply(422, NO_STREAMS);
            streams = StreamLabelParser.parseAll(received);
        } catch (PushRejection rejection) {
            metrics.discarded(tenant, DiscardReason.INVALID_LABELS, lines, bytes); // lines > 0 only once decoded
            return PushReply.of(rejection);
        }
        return store(tenant, streams, false);
    }

    private void received(String tenant, List<ParsedStream> streams) {
        long lines = 0;
        long bytes = 0;
        for (ParsedStream s : streams) {
            lines += s.entries().size();
            bytes += EntrySize.of(s.entries());
        }
        metrics.received(tenant, lines, bytes);
    }

    /** Validation, rate limit and the ingester, for streams whose labels parsed. */
    /** @param otlp true for OTLP pushes, which always get service_name and detected_level, as in Loki */
    private PushReply store(String tenant, List<ParsedStream> streams, boolean otlp) {
        LimitsConfig limits = limitsOfTenant.forTenant(tenant);
        List<String> serviceNameLabels = otlp ? otlpServiceNameLabels(limits) : limits.discoverServiceName();
        if (!serviceNameLabels.isEmpty()) {
            // Before validation, as in Loki: its messages show the stream with the label added.
            List<ParsedStream> named = new ArrayList<>(streams.size());
            for (ParsedStream s : streams) named.add(ServiceNameDiscovery.apply(s, serviceNameLabels));
            streams = named;
        }
        ValidatedPush valid = validator.validate(tenant, streams, limits, UnixNanos.of(clock.instant()));
        if (valid.streams().isEmpty()) {
            return valid.errors().isEmpty() ? PushReply.NO_CONTENT : new PushReply(400, valid.errors().message());
        }
        if (!rateLimiter.tryAcquire(tenant, limits, valid.bytes())) {
            metrics.discarded(tenant, DiscardReason.RATE_LIMITED, valid.lines(), valid.bytes());
            return new PushReply(429, String.format("ingestion rate limit exceeded for user %s (limit: %d bytes/sec)"
                            + " while attempting to ingest '%d' lines totaling '%d' bytes, reduce log volume or contact"
                            + " your Loki administrator to see if the limit can be increased",
                    tenant, rateLimiter.bytesPerSecond(limits), valid.lines(), valid.bytes()));
        }

        // The one point every push format passes before the WAL or Kafka: nothing unredacted is written anywhere.
        List<StreamPush> accepted = redactor.apply(tenant, limits, valid.streams());
        if ((limits.discoverLogLevels() || otlp) && limits.allowStructuredMetadata()) {
            List<StreamPush> leveled = new ArrayList<>(accepted.size());
            for (StreamPush s : accepted) {
                leveled.add(new StreamPush(s.labels(), LogLevelDetector.apply(s.labels(), s.entries())));
            }
            accepted = leveled;
        }

        PushOutcome outcome;
        try {
            outcome = pusher.push(new PushRequest(tenant, accepted));
        } catch (PushUnavailableException e) {
            // Unflushed data over its bound, or the WAL disk full: retryable, nothing was stored.
            return new PushReply(503, e.getMessage());
        } catch (IOException e) {
            log.atWarn().setMessage("ingester failed to store a push").addKeyValue("tenant", tenant).setCause(e).log();
            return new PushReply(500, e.getMessage() != null ? e.getMessage() : e.toString());
        }
        return combine(valid.errors(), outcome);
    }

    /**
     * Entries the ingester refused come on top of those validation refused; the others were written either way. A
     * limit (429) outranks bad entries (400) because the client should retry after it.
     */
    private static PushReply combine(GroupedErrors validationErrors, PushOutcome outcome) {
        List<String> messages = new ArrayList<>(outcome.limitErrors());
        if (!validationErrors.isEmpty()) messages.add(validationErrors.message());
        messages.addAll(outcome.badEntries());
        if (messages.isEmpty()) return PushReply.NO_CONTENT;
        return new PushReply(outcome.limitErrors().isEmpty() ? 400 : 429, String.join("\n", messages));
    }
}
