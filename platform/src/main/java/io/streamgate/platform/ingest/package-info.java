/**
 * Ingest of validated requests into topics. {@link io.streamgate.platform.ingest.EventIntake}: a route's valid request,
 * mapped to its event by the route, published to its catalogue topic under the topic's key with the request id as a
 * header. {@link io.streamgate.platform.ingest.BatchIngest}: reads, validates and publishes each item of a JSON array
 * on its own and answers 207 with one result per item, in the platform's shape or the route's own.
 */
package io.streamgate.platform.ingest;
