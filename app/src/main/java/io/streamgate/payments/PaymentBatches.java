package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.ingest.BatchIngest;
import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.payments.Payment;
import io.swagger.v3.oas.annotations.media.Schema;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /payments/batch} on the platform's {@link BatchIngest}: what is payments' own is the answer's shape (the
 * id as {@code payment_id}, no topic), the fingerprint of a batch for its idempotency key, and the item ids derived
 * from the key.
 */
class PaymentBatches {

    private static final BatchIngest.Nouns NOUNS = new BatchIngest.Nouns("one payment", "payments");

    record Parsed(List<BatchIngest.Item<PaymentRequest>> items, String fingerprint) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "PaymentBatchItemResult")
    record ItemResult(int index, int status, @JsonProperty("payment_id") UUID paymentId, Integer partition,
                      Long offset, String detail, List<FieldViolation> errors) {
    }

    @Schema(name = "PaymentBatchResult")
    record BatchResult(int accepted, int rejected, List<ItemResult> results) {
    }

    private static final BatchIngest.Answers<UUID, ItemResult, BatchResult> ANSWERS = new BatchIngest.Answers<>() {
        @Override
        public ItemResult written(int index, UUID paymentId, Delivery ack) {
            return new ItemResult(index, 201, paymentId, ack.partition(), ack.offset(), null, null);
        }

        @Override
        public ItemResult invalid(int index, List<FieldViolation> violations) {
            return new ItemResult(index, 422, null, null, null, "invalid payment", violations);
        }

        @Override
        public ItemResult failed(int index, UUID paymentId, ApiProblem problem) {
            return new ItemResult(index, problem.status().value(), paymentId, null, null, problem.detail(), null);
        }

        @Override
        public BatchResult batch(int accepted, int rejected, List<ItemResult> results) {
            return new BatchResult(accepted, rejected, results);
        }
    };

    private final BatchIngest ingest;
    private final EventIntake<String, Payment> intake;
    private final int maxItems;

    PaymentBatches(BatchIngest ingest, EventIntake<String, Payment> intake, int maxItems) {
        this.ingest = ingest;
        this.intake = intake;
        this.maxItems = maxItems;
    }

    /**
     * Reads and validates every item; the fingerprint holds each valid payment's canonical form and each invalid
     * item's JSON as sent.
     */
    Parsed parse(List<JsonNode> nodes) {
        List<BatchIngest.Item<PaymentRequest>> items = ingest.parse(nodes, PaymentRequest.class, maxItems, NOUNS,
                PaymentRequest::violations);
        StringBuilder fingerprint = new StringBuilder();
        for (BatchIngest.Item<PaymentRequest> item : items) {
            fingerprint.append(item.valid() ? item.request().fingerprint() : nodes.get(item.index()).toString())
                    .append('\n');
        }
        return new Parsed(items, fingerprint.toString());
    }

    /** Publishes every valid payment of the batch whose ids {@code base} derives ({@link #itemId}). */
    Mono<BatchResult> publish(Parsed parsed, UUID base, String requestId) {
        return ingest.publish(parsed.items(), item -> {
            UUID paymentId = itemId(base, item.index());
            return new BatchIngest.Submitted<>(paymentId,
                    intake.publish(PaymentEvents.of(item.request(), paymentId, requestId), requestId));
        }, ANSWERS, requestId);
    }

    /** The id of item {@code index} of a batch sent under an idempotency key: the same on every retry. */
    static UUID itemId(UUID base, int index) {
        byte[] seed = ByteBuffer.allocate(20).putLong(base.getMostSignificantBits())
                .putLong(base.getLeastSignificantBits()).putInt(index).array();
        return UUID.nameUUIDFromBytes(seed);
    }
}
