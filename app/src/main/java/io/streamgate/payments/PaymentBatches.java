package io.streamgate.payments;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.problems.Problems;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * {@code POST /payments/batch}: each item is read and validated on its own, every valid one is published (they share
 * producer batches), and the answer has one result per item in request order.
 */
class PaymentBatches {

    /** An item that could be read and is valid, or the reasons it is not. */
    record Item(int index, PaymentRequest request, List<FieldViolation> violations) {
    }

    record Parsed(List<Item> items, String fingerprint) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "PaymentBatchItemResult")
    record ItemResult(int index, int status, @JsonProperty("payment_id") UUID paymentId, Integer partition,
                      Long offset, String detail, List<FieldViolation> errors) {
    }

    @Schema(name = "PaymentBatchResult")
    record BatchResult(int accepted, int rejected, List<ItemResult> results) {
    }

    private final JsonMapper json;
    private final PaymentIntake intake;
    private final Problems problems;
    private final int maxItems;

    PaymentBatches(JsonMapper json, PaymentIntake intake, Problems problems, int maxItems) {
        this.json = json;
        this.intake = intake;
        this.problems = problems;
        this.maxItems = maxItems;
    }

    Parsed parse(List<JsonNode> nodes) {
        if (nodes.isEmpty()) {
            throw ApiProblem.invalid("$", "must hold at least one payment");
        }
        if (nodes.size() > maxItems) {
            throw ApiProblem.invalid("$", "must hold at most " + maxItems + " payments");
        }
        List<Item> items = new ArrayList<>(nodes.size());
        StringBuilder fingerprint = new StringBuilder();
        for (int index = 0; index < nodes.size(); index++) {
            int i = index;
            String prefix = "[" + i + "].";
            JsonNode node = nodes.get(i);
            try {
                PaymentRequest request = json.treeToValue(node, PaymentRequest.class);
                List<FieldViolation> violations = request == null
                        ? List.of(new FieldViolation("[" + i + "]", "must be an object"))
                        : request.violations(prefix);
                items.add(new Item(i, violations.isEmpty() ? request : null, violations));
                fingerprint.append(violations.isEmpty() ? request.fingerprint() : node.toString()).append('\n');
            } catch (JacksonException e) {
                ApiProblem problem = Problems.fromJson(e);
                List<FieldViolation> violations = problem.violations().stream()
                        .map(v -> new FieldViolation(v.field().equals("$") ? "[" + i + "]" : prefix + v.field(),
                                v.message()))
                        .toList();
                items.add(new Item(i, null, violations.isEmpty()
                        ? List.of(new FieldViolation("[" + i + "]", problem.detail())) : violations));
                fingerprint.append(node.toString()).append('\n');
            }
        }
        return new Parsed(items, fingerprint.toString());
    }

    Mono<BatchResult> publish(Parsed parsed, IntFunction<UUID> ids, String requestId) {
        List<CompletableFuture<ItemResult>> results = new ArrayList<>(parsed.items().size());
        for (Item item : parsed.items()) {
            if (item.request() == null) {
                results.add(CompletableFuture.completedFuture(new ItemResult(item.index(), 422, null, null, null,
                        "invalid payment", item.violations())));
                continue;
            }
            PaymentIntake.Submitted submitted = intake.submit(item.request(), ids.apply(item.index()), requestId);
            UUID paymentId = submitted.payment().getPaymentId();
            results.add(submitted.delivery().handle((Delivery ack, Throwable failure) -> {
                if (failure == null) {
                    return new ItemResult(item.index(), 201, paymentId, ack.partition(), ack.offset(), null, null);
                }
                ApiProblem problem = problems.toProblem(failure, requestId);
                return new ItemResult(item.index(), problem.status().value(), paymentId, null, null,
                        problem.detail(), null);
            }));
        }
        return Mono.fromFuture(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)))
                .then(Mono.fromSupplier(() -> {
                    List<ItemResult> done = results.stream().map(CompletableFuture::join).toList();
                    int accepted = (int) done.stream().filter(result -> result.status() == 201).count();
                    return new BatchResult(accepted, done.size() - accepted, done);
                }));
    }

    /** The id of item {@code index} of a batch sent under an idempotency key: the same on every retry. */
    static UUID itemId(UUID base, int index) {
        byte[] seed = ByteBuffer.allocate(20).putLong(base.getMostSignificantBits())
                .putLong(base.getLeastSignificantBits()).putInt(index).array();
        return UUID.nameUUIDFromBytes(seed);
    }

}
