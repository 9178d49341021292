/**
 * Ingest of validated requests into topics: {@link io.streamgate.platform.ingest.BatchIngest} reads, validates and
 * publishes each item of a JSON array on its own and answers 207 with one result per item.
 */
package io.streamgate.platform.ingest;
