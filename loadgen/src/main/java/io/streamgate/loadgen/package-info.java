/**
 * A command-line HTTP/1.1 load generator for Streamgate's REST endpoints, small enough to share a
 * two-core machine with the server it measures.
 *
 * <p>Pieces, from the outside in:
 * <ul>
 *   <li>{@link io.streamgate.loadgen.LoadGen} — the command line: options, progress every second,
 *       the final report (text or JSON).</li>
 *   <li>{@link io.streamgate.loadgen.Scheduler} — when requests are sent. Two implementations:
 *       {@link io.streamgate.loadgen.ClosedLoopScheduler} (N connections, each sends as soon as its
 *       previous response arrived: maximum throughput) and
 *       {@link io.streamgate.loadgen.FixedRateScheduler} (open loop at R requests/s, latency measured
 *       from the intended send time so that a slow server cannot hide its queueing — no coordinated
 *       omission). Schedulers know nothing of HTTP: they drive any {@link io.streamgate.loadgen.Target},
 *       so other generators (e.g. trip events) can reuse them.</li>
 *   <li>{@link io.streamgate.loadgen.HttpTarget}, {@link io.streamgate.loadgen.RequestTemplate},
 *       {@link io.streamgate.loadgen.HttpResponseParser} — a minimal HTTP/1.1 client over blocking
 *       sockets with pre-encoded requests; the JDK {@code HttpClient} costs too much CPU per request
 *       for a generator that must leave the cores to the server. What is sent is a
 *       {@link io.streamgate.loadgen.Requests}: one route ({@code RequestTemplate}) or
 *       {@link io.streamgate.loadgen.TripsWorkload} (seed 001's complete trips over the three trip routes, with
 *       shares of duplicated and late parts).</li>
 *   <li>{@link io.streamgate.loadgen.VisibilityLatency} — read-your-writes latency: POSTs at a fixed rate on the
 *       {@code FixedRateScheduler}, a deterministic sample of the new resources polled on a read route until
 *       visible, under a cap of reads in flight; the id from the 201's {@code Location}
 *       ({@link io.streamgate.loadgen.HttpResponseParser} keeps one named header), the reads over
 *       {@link io.streamgate.loadgen.KeepAliveConnection}s. Reports its own CPU use.</li>
 *   <li>{@link io.streamgate.loadgen.JoinedTripsWatch} — a read_committed consumer of the joined topic: joined
 *       trips/s and the latency from a trip's third part's ingest to its joined record.</li>
 *   <li>{@link io.streamgate.loadgen.LoopbackGuard} — load is only ever sent to this machine.</li>
 *   <li>{@link io.streamgate.loadgen.TrivialServer} — a do-nothing HTTP server: the ceiling the app is
 *       compared with in the same run.</li>
 * </ul>
 */
package io.streamgate.loadgen;
