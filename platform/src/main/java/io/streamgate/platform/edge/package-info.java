/**
 * The HTTP edge every request passes, on every listener. API: {@link io.streamgate.platform.edge.RequestIds} (the
 * request's id, in and out), {@link io.streamgate.platform.edge.RequestEventLoop} (continue a reply on the connection's
 * event loop), {@link io.streamgate.platform.edge.AdditionalPort} (another listener, as order details' 8001), the route
 * declarations {@link io.streamgate.platform.edge.ServerAssignedRequestIds} and {@link
 * io.streamgate.platform.edge.SeedValidationStatus}, and {@link io.streamgate.platform.edge.HttpSettings}. Package-private:
 * which listeners serve HTTPS from which SSL bundle, the connection guard (request head and idle deadlines, the
 * connection cap, answers to heads the codec cannot decode; over TLS and HTTP/2 too), the request checks run as one
 * filter (request id, HSTS over TLS, CORS, rate limit, body size, body read time) and the problem+json renderer.
 */
package io.streamgate.platform.edge;
