/**
 * Code submissions (seed 004): {@code POST /submit-code} validates code for a configured language and queues it as an
 * Avro {@code CodeSubmission} on topic {@code code-execution}, keyed by user id, answering after the broker's ack;
 * {@code GET /supported-languages}, {@code GET /kafka-status}, its fields of {@code GET /health}, and the browser page
 * under {@code /submissions/}.
 */
@StreamgateSystem("submissions")
package io.streamgate.submissions;

import io.streamgate.platform.systems.StreamgateSystem;
