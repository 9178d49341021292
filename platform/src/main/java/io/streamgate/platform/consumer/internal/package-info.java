/**
 * The implementation of the consumer side: containers and their error handling, the batch listener, applied event ids,
 * dead letters, lag monitoring and the health indicator. Features use only {@code io.streamgate.platform.consumer}.
 */
package io.streamgate.platform.consumer.internal;
