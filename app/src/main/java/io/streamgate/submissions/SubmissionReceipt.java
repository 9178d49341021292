package io.streamgate.submissions;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.schemas.submissions.CodeSubmission;

import java.time.Instant;

/** Seed 004's answer to a queued submission, given once the broker has acknowledged it. */
public record SubmissionReceipt(
        String message,
        @JsonProperty("request_id") String requestId,
        String status,
        Instant timestamp) {

    static SubmissionReceipt queued(CodeSubmission submission) {
        return new SubmissionReceipt("Code submitted successfully to processing queue", submission.getRequestId(),
                "queued", submission.getTimestamp());
    }
}
