/**
 * Implementation of the platform's Avro support, not API: the caching Confluent-API registry client, the serializer
 * and deserializer (topic-name subject strategy, AUTO_REGISTER or USE_LATEST) and the wire format. Public only so that
 * other platform packages and the auto-configuration can use them; {@code ModularityTest} keeps systems out.
 */
package io.streamgate.platform.avro.internal;
