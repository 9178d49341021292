package io.streamgate.submissions;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.json.OptionalField;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.streamgate.schemas.submissions.SubmissionStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Code as the browser front end submits it (seed 004's request body). */
@Schema(description = "Code to queue for execution", example = """
        {"code": "print('Hello, World!')", "language": "python", "input_data": "", "user_id": "user123"}""")
public record CodeSubmissionRequest(
        @Schema(description = "The program; not empty or only whitespace", requiredMode = Schema.RequiredMode.REQUIRED)
        String code,
        @Schema(description = "One of the values of GET /supported-languages", example = "python",
                requiredMode = Schema.RequiredMode.REQUIRED) String language,
        @Schema(description = "Standard input for the program; empty when left out (never null)")
        @OptionalField @JsonProperty("input_data") String inputData,
        @Schema(description = "Who submits; the record's key, so one user's submissions stay in order",
                example = "user123", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("user_id") String userId) {

    /** Limits a submission must keep; from {@link SubmissionsSettings}. */
    record Rules(long maxCodeBytes, long maxInputBytes, int maxUserIdLength, Languages languages) {
    }

    /** Every rule this submission breaks, each with its field; empty when it is valid. */
    List<FieldViolation> violations(Rules rules) {
        List<FieldViolation> violations = new ArrayList<>(0);
        if (code == null) {
            violations.add(new FieldViolation("code", "is required"));
        } else if (code.isBlank()) {
            violations.add(new FieldViolation("code", "must not be empty or only whitespace"));
        } else {
            checkText("code", code, rules.maxCodeBytes(), violations);
        }
        if (language == null) {
            violations.add(new FieldViolation("language", "is required"));
        } else if (!rules.languages().supports(language)) {
            violations.add(new FieldViolation("language", "must be one of " + rules.languages().values()));
        }
        if (inputData != null) {
            checkText("input_data", inputData, rules.maxInputBytes(), violations);
        }
        if (userId == null) {
            violations.add(new FieldViolation("user_id", "is required"));
        } else if (userId.isBlank()) {
            violations.add(new FieldViolation("user_id", "must not be empty or only whitespace"));
        } else if (userId.length() > rules.maxUserIdLength()) {
            violations.add(new FieldViolation("user_id", "must be at most " + rules.maxUserIdLength() + " characters"));
        } else if (userId.chars().anyMatch(Character::isISOControl)) {
            violations.add(new FieldViolation("user_id", "must not contain control characters"));
        }
        return violations;
    }

    /** The input, empty when the client sent none (the seed's front end sends {@code ""}). */
    String inputOrEmpty() {
        return inputData == null ? "" : inputData;
    }

    /** The event of a valid submission, queued now as request {@code requestId}. */
    CodeSubmission toEvent(String requestId) {
        return CodeSubmission.newBuilder()
                .setRequestId(requestId)
                .setCode(code)
                .setLanguage(language)
                .setInputData(inputOrEmpty())
                .setUserId(userId)
                .setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setStatus(SubmissionStatus.submitted)
                .build();
    }

    /**
     * Size in UTF-8 bytes and well-formedness in one pass: JSON escapes can produce a lone surrogate, which would be
     * written to Kafka as '?' without a word, so it is refused instead.
     */
    private static void checkText(String field, String text, long maxBytes, List<FieldViolation> violations) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                violations.add(new FieldViolation(field, "must be valid Unicode (it holds an unpaired surrogate)"));
                return;
            } else {
                bytes += 3;
            }
        }
        if (bytes > maxBytes) {
            violations.add(new FieldViolation(field, "must be at most " + maxBytes + " bytes of UTF-8, got " + bytes));
        }
    }
}
