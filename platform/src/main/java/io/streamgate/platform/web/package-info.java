/**
 * The HTTP platform every system uses. API: {@link io.streamgate.platform.web.ApiProblem} and
 * {@link io.streamgate.platform.web.FieldViolation} (what a feature throws), {@link io.streamgate.platform.web.Problems}
 * (the one mapping of failures to RFC 9457 problem+json), {@link io.streamgate.platform.web.ProblemTranslator} (how a
 * platform part contributes its own failures), {@link io.streamgate.platform.web.RequestIds} and the settings
 * {@code streamgate.http.*} and {@code streamgate.api-docs.*}. The filters (request id, rate limit, body size, body
 * read timeout), the connection guard (request-head and idle timeouts, connection cap on every listener), strict JSON
 * and the exception handler are package-private: registered by
 * {@link io.streamgate.platform.web.WebPlatformConfiguration}, never used directly.
 */
package io.streamgate.platform.web;
