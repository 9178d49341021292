package io.streamgate.platform.streams;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code streamgate.streams.*}: what every Kafka Streams application of Streamgate shares.
 *
 * @param stateDir  {@code state.dir}; each application keeps its RocksDB stores under {@code <stateDir>/<application
 *                  id>}. Defaults to {@code kafka-streams} under the data directory ({@code STREAMGATE_DATA_DIR}), so a
 *                  restart finds its stores and restores only the changelog tail. Losing it costs a full restore from
 *                  the changelog topics, never data.
 * @param commitInterval  {@code commit.interval.ms}. Under exactly_once_v2 a commit ends the transaction, and
 *                        read_committed consumers see output only then: this is the floor of end-to-end latency.
 *                        100 ms (Kafka's EOS default): about ten transactions per second per stream thread, each
 *                        costing a few round trips to the transaction coordinator.
 * @param threads  {@code num.stream.threads} per instance; tasks (one per input partition) are spread over threads
 *                 and instances
 * @param replicationFactor  {@code replication.factor} of internal topics (changelogs); 3 in production
 * @param closeTimeout  how long a clean stop waits for the stream threads to commit and leave
 */
@ConfigurationProperties("streamgate.streams")
record StreamsProperties(
        @DefaultValue("./data/kafka-streams") Path stateDir,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("1") int threads,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("30s") Duration closeTimeout) {
}
