/**
 * {@code Idempotency-Key} support for POST routes: claim, run once, store and replay the response; keys in Postgres
 * ({@code idempotency_keys}) so they survive restarts and are shared by replicas.
 */
package io.streamgate.platform.idempotency;
