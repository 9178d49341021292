package io.streamgate.platform.kafka;

import java.time.Instant;
import java.util.List;

/**
 * What a status page may say about the platform's Kafka client: whether the cluster is reachable, and the shared
 * producer's effective settings that decide delivery (acks, idempotence, retries and timeouts). Only named,
 * non-secret settings are exposed: credentials ({@code sasl.jaas.config}, key store passwords) are never read.
 */
public interface KafkaClientStatus {

    /**
     * @param connected  whether the last probe reached the cluster
     * @param since      when that last changed
     * @param lastError  why it is unreachable; null while connected
     */
    record Connection(boolean connected, List<String> bootstrapServers, int brokers, String clusterId,
                      String lastError, Instant since) {
    }

    /** The shared producer's effective settings (defaults applied), as the client library reads them. */
    record ProducerSettings(String acks, boolean idempotence, int retries, int deliveryTimeoutMs,
                            int requestTimeoutMs, int maxInFlightRequestsPerConnection, long lingerMs,
                            String compressionType, String securityProtocol, String clientId, String clientVersion) {
    }

    /** Never blocks: the availability probe's last result. */
    Connection connection();

    ProducerSettings producer();
}
