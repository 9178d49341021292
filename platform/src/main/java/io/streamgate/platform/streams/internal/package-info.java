/**
 * How the platform's Kafka Streams applications treat failures: the exception handlers Kafka Streams instantiates by
 * class name (so they are public). Features use only {@code io.streamgate.platform.streams}.
 */
package io.streamgate.platform.streams.internal;
