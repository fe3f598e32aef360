package dev.sigyn.ruler.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to every configured Alertmanager through its API v2, as Prometheus' notifier does: {@link #send}
 * never blocks the rule evaluation, it appends to a bounded queue whose oldest alerts are dropped (and counted) when
 * it is full; one sender thread posts batches of at most {@link #MAX_BATCH} to all Alertmanagers at once. A failed
 * post is not retried: the ruler resends firing alerts every resend delay anyway.
 */
public final class AlertmanagerNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerNotifier.class);
    /** Prometheus' maxBatchSize. */
    static final int MAX_BATCH = 64;

    private final NotifierSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Target> targets = new ArrayList<>();
    private final ArrayDeque<AlertmanagerAlert> queue = new ArrayDeque<>();
    private final Counter dropped;
    private final Thread sender;
    private boolean closed;

    /** One Alertmanager and what was sent to it. */
    private record Target(URI endpoint, Counter sent, Counter failed) {
    }

    public AlertmanagerNotifier(NotifierSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.http = HttpClients.create(settings.timeout(), settings.tlsCaFile());
        for (URI url : settings.alertmanagerUrls()) {
            String base = url.toString().replaceAll("/+$", "");
            URI endpoint = URI.create(base + "/api/v2/alerts");
            targets.add(new Target(endpoint,
                    Counter.builder("sigyn.ruler.notifications.sent").tag("alertmanager", base)
                            .description("Alerts Alertmanager accepted").register(metrics),
                    Counter.builder("sigyn.ruler.notifications.failed").tag("alertmanager", base)
                            .description("Alerts whose post to Alertmanager failed").register(metrics)));
        }
        this.dropped = Counter.builder("sigyn.ruler.notifications.dropped")
                .description("Alerts dropped because the notification queue was full").register(metrics);
        Gauge.builder("sigyn.ruler.notifications.queue.length", this, AlertmanagerNotifier::queueLength)
                .register(metrics);
        this.sender = Thread.ofPlatform().name("sigyn-alertmanager-notifier").daemon().unstarted(this::run);
        if (!targets.isEmpty()) sender.start();
    }

    /** Queues alerts for every Alertmanager, dropping the oldest queued ones beyond the queue's capacity. */
    public void send(List<AlertmanagerAlert> alerts) {
        if (targets.isEmpty() || alerts.isEmpty()) return;
        int drops = 0;
        synchronized (queue) {
            if (closed) return;
            for (AlertmanagerAlert a : alerts) {
                queue.addLast(a.withExternalLabels(settings.externalLabels()));
                if (queue.size() > settings.queueCapacity()) {
                    queue.removeFirst();
                    drops++;
                }
            }
            queue.notifyAll();
        }
        if (drops > 0) {
            dropped.increment(drops);
            log.warn("alert notification queue full, dropped {} alerts", drops);
        }
    }

    public int queueLength() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private void run() {
        while (true) {
            List<AlertmanagerAlert> batch = new ArrayList<>();
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) return;
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) batch.add(queue.removeFirst());
            }
            post(batch);
        }
    }

    /** Posts one batch to all Alertmanagers in parallel and waits for them all. */
    private void post(List<AlertmanagerAlert> batch) {
        byte[] body = body(batch);
        List<CompletableFuture<?>> posts = new ArrayList<>();
        for (Target t : targets) {
            HttpRequest.Builder req = HttpRequest.newBuilder(t.endpoint()).timeout(settings.timeout())
                    .header("Content-Type", "application/json").header("User-Agent", "Sigyn-ruler")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            settings.auth().authorizationHeader().ifPresent(h -> req.header("Authorization", h));
            posts.add(http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).handle((resp, err) -> {
                if (err == null && resp.statusCode() / 100 == 2) {
                    t.sent().increment(batch.size());
                } else {
                    t.failed().increment(batch.size());
                    log.warn("sending {} alerts to {} failed: {}", batch.size(), t.endpoint(),
                            err != null ? err.toString() : "HTTP " + resp.statusCode() + " " + resp.body());
                }
                return null;
            }));
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
    }

    private byte[] body(List<AlertmanagerAlert> batch) {
        ArrayNode array = json.createArrayNode();
        for (AlertmanagerAlert a : batch) {
            ObjectNode o = array.addObject();
            ObjectNode labels = o.putObject("labels");
            a.labels().forEach(labels::put);
            ObjectNode annotations = o.putObject("annotations");
            a.annotations().forEach(annotations::put);
            if (a.startsAt() != null) o.put("startsAt", a.startsAt().toString());
            if (a.endsAt() != null) o.put("endsAt", a.endsAt().toString());
            o.put("generatorURL", a.generatorURL());
        }
        try {
            return json.writeValueAsBytes(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops after the queued alerts are sent (or failed). */
    @Override
    public void close() throws InterruptedException {
        synchronized (queue) {
            closed = true;
            queue.notifyAll();
        }
        if (sender.isAlive()) sender.join();
    }
}
