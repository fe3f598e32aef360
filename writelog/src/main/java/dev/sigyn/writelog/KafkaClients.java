package dev.sigyn.writelog;

import dev.sigyn.config.KafkaConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka client settings of every Sigyn process, from {@code kafka_config}: where the brokers are, how long to wait
 * for a connection, how to authenticate (SASL) and encrypt (TLS). {@link #producer} adds the write log's delivery
 * guarantees: a push is acknowledged only once every in-sync replica has its records.
 */
public final class KafkaClients {
    /** The client.id prefix when {@code kafka_config.client_id} is empty. */
    static final String DEFAULT_CLIENT_ID = "sigyn";
    /** Records wait this long for others to the same partition: concurrent pushes then share a request. */
    static final int LINGER_MS = 5;
    /** Room for the batch and record headers around a record of {@code producer_max_record_size_bytes}. */
    static final int RECORD_OVERHEAD_BYTES = 64 * 1024;
    /** Kafka's default: how long one produce request may wait for the brokers (shorter when write_timeout is). */
    private static final int MAX_REQUEST_TIMEOUT_MS = 30_000;
    private static final long MIN_BUFFER_BYTES = 32L << 20;
    /** What to check when a TLS handshake with a broker failed, in either direction. */
    static final String TLS_CHECK = "check kafka_config.tls_ca_path (the CA of the brokers' certificates) and, for"
            + " brokers that require a client certificate, tls_cert_path and tls_key_path (one of a CA they trust)";

    private KafkaClients() {}

    /**
     * The write log's producer: {@code acks=all} and idempotence, so that an acknowledged record is on every in-sync
     * replica (at least {@code min.insync.replicas}) exactly once, in order per partition. A record that Kafka has not
     * acknowledged within {@code write_timeout} fails ({@code delivery.timeout.ms}), and so does its push.
     */
    public static Properties producer(KafkaConfig cfg, String role) {
        Properties p = common(cfg, role);
        int writeTimeout = millis(cfg.writeTimeout());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // The idempotent producer keeps order across retries with at most 5 requests in flight per connection.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
        // Brokers store, replicate and serve the batches as compressed here. On the benchmark's lines (batches of
        // 8 records of 100 lines) zstd made them 6.9x smaller at 420 MB/s of one core, lz4 4.2x at 650 MB/s: zstd
        // saves 40% of the brokers' disk and replication traffic for under 1 ms of CPU per MB pushed.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms.
        int requestTimeout = Math.max(1, Math.min(MAX_REQUEST_TIMEOUT_MS, writeTimeout - LINGER_MS));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(requestTimeout));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(writeTimeout, LINGER_MS + 1)));
        // send() waits for the topic's metadata and for buffer space at most this long; the push's own deadline is
        // write_timeout as well, so a push never waits much longer than that in all.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(writeTimeout));
        int maxRequest = maxRequestBytes(cfg);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequest));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(MIN_BUFFER_BYTES, 2L * maxRequest)));
        return p;
    }

    public static Properties consumer(KafkaConfig cfg, String role, String group) {
        Properties p = common(cfg, role);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return p;
    }

    public static Properties admin(KafkaConfig cfg, String role) {
        Properties p = common(cfg, role);
        // Admin calls (topic checks at start-up) fail within a few connection attempts, not Kafka's default minute.
        int timeout = millis(cfg.dialTimeout()) * 3;
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        return p;
    }

    /** The largest produce request: one record of the configured maximum size with its headers. */
    static int maxRequestBytes(KafkaConfig cfg) {
        return (int) Math.min(Integer.MAX_VALUE, (long) cfg.producerMaxRecordSizeBytes() + RECORD_OVERHEAD_BYTES);
    }

    private static Properties common(KafkaConfig cfg, String role) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cfg.address());
        String prefix = cfg.clientId().isEmpty() ? DEFAULT_CLIENT_ID : cfg.clientId();
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, prefix + "-" + role);
        // dial_timeout bounds every connection attempt, the first as the later ones (no growing back-off up to 30 s).
        String dial = Integer.toString(millis(cfg.dialTimeout()));
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, dial);
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, dial);
        security(cfg, p);
        return p;
    }

    private static void security(KafkaConfig cfg, Properties p) {
        boolean sasl = !cfg.saslUsername().isEmpty();
        if (sasl) {
            p.put(SaslConfigs.SASL_MECHANISM, cfg.saslMechanism());
            p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(cfg));
        }
        if (cfg.tlsEnabled()) {
            if (!cfg.tlsCaPath().isEmpty()) {
                p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, cfg.tlsCaPath());
            }
            if (!cfg.tlsCertPath().isEmpty()) {
                // Kafka reads a PEM key store from one file holding both, or from the PEM texts: Sigyn takes two files.
                p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
                p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read("tls_cert_path", cfg.tlsCertPath()));
                p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, privateKey(cfg.tlsKeyPath()));
            }
        }
        String protocol = sasl ? (cfg.tlsEnabled() ? "SASL_SSL" : "SASL_PLAINTEXT")
                : (cfg.tlsEnabled() ? "SSL" : "PLAINTEXT");
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    }

    private static String jaas(KafkaConfig cfg) {
        String module = switch (cfg.saslMechanism()) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            default -> throw new IllegalArgumentException("kafka_config.sasl_mechanism is \"" + cfg.saslMechanism()
                    + "\"; Sigyn supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512");
        };
        return module + " required username=" + jaasQuoted(cfg.saslUsername())
                + " password=" + jaasQuoted(cfg.saslPassword()) + ";";
    }

    /** A JAAS option value: double-quoted, with quotes and backslashes escaped. */
    static String jaasQuoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Kafka's PEM key store takes PKCS#8 keys only; a PKCS#1 or SEC1 key would fail later with a vaguer error. */
    private static String privateKey(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("kafka_config.tls_cert_path is set but tls_key_path is empty: mutual TLS"
                    + " needs the certificate's private key (a PEM file)");
        }
        String pem = read("tls_key_path", path);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException("kafka_config.tls_key_path " + path + " holds a PKCS#1/SEC1 key; Kafka's"
                    + " client reads PKCS#8 only: convert it with openssl pkcs8 -topk8 -nocrypt -in " + path);
        }
        return pem;
    }

    private static String read(String key, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("kafka_config." + key + ": cannot read " + path + ": " + e, e);
        }
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
