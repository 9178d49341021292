package io.streamgate.submissions;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.schemas.submissions.SubmissionStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Queueing code for execution: a valid request becomes a {@code CodeSubmission} on {@code code-execution}, keyed by
 * user id so one user's submissions stay in order, with the submission's request id (and the client's own
 * correlation id, when it sent one) as headers.
 */
class SubmissionQueue {

    /** The client's {@code X-Request-ID} on a route where the server assigns the request id. */
    static final String CLIENT_REQUEST_ID_HEADER = "X-Client-Request-ID";

    record Queued(CodeSubmission submission, CompletableFuture<Delivery> delivery) {
    }

    private final EventPublisher publisher;

    SubmissionQueue(EventPublisher publisher) {
        this.publisher = publisher;
    }

    Queued enqueue(CodeSubmissionRequest request, String requestId, String clientRequestId) {
        CodeSubmission submission = CodeSubmission.newBuilder()
                .setRequestId(requestId)
                .setCode(request.code())
                .setLanguage(request.language())
                .setInputData(request.inputOrEmpty())
                .setUserId(request.userId())
                .setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setStatus(SubmissionStatus.submitted)
                .build();
        Map<String, String> headers = new HashMap<>(4);
        headers.put(EventHeaders.REQUEST_ID, requestId);
        if (clientRequestId != null) {
            headers.put(CLIENT_REQUEST_ID_HEADER, clientRequestId);
        }
        return new Queued(submission, publisher.publish(Topics.CODE_EXECUTION, submission.getUserId(), submission,
                headers));
    }
}
