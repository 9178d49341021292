/**
 * Implementation of the platform's Kafka side, not API: the shared-producer publisher, the availability probe, topic
 * provisioning, produce metrics and client configurations. Public only so that other platform packages and the
 * auto-configuration can use them; {@code ModularityTest} keeps systems out.
 */
package io.streamgate.platform.kafka.internal;
