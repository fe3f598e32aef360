package dev.sigyn.config;

/**
 * How the processes of microservices mode reach one another (Loki's key names; unused by {@code -target=all}).
 *
 * @param grpcListenPort  {@code server.grpc_listen_port}: the internal port (HTTP/2, over TLS with
 *                        {@code server.grpc_tls_config}; protobuf bodies)
 *                        where ingesters serve their unflushed data and queriers answer the query-frontend's work
 * @param instanceAddr    {@code common.instance_addr}: the address other processes reach this one at (published
 *                        through Kafka's consumer groups); empty means this host's address
 */
public record ClusterConfig(int grpcListenPort, String instanceAddr) {
    public static ClusterConfig defaults() {
        return new ClusterConfig(9095, "");
    }
}
