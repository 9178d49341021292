/**
 * The one mapping from a failure to the RFC 9457 problem a client sees. API: {@link
 * io.streamgate.platform.problems.ApiProblem} (a rejection as a value, thrown by features and the platform alike, and
 * its body), {@link io.streamgate.platform.problems.FieldViolation}, {@link io.streamgate.platform.problems.Problems}
 * and the {@link io.streamgate.platform.problems.ProblemTranslator} a package contributes for failures of its own. The
 * translators of publish failures and database failures (503 with {@code Retry-After}) are package-private. Rendering
 * problems onto HTTP responses is the edge's.
 */
package io.streamgate.platform.problems;
