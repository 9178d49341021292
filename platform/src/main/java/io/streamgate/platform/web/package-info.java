/**
 * The HTTP platform every system uses: strict JSON reading, request ids, body size and rate limits, and the single
 * mapping of failures to RFC 9457 problem+json responses.
 */
package io.streamgate.platform.web;
