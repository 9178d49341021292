package io.streamgate.platform.ingest;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.problems.Problems;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamgate.platform.kafka.Delivery;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Batch ingest for any feature ({@code POST /<things>/batch}, answered 207): each item of a JSON array is read and
 * validated on its own, with the same strict JSON rules and field names as a single request (prefixed by its index),
 * every valid item is published (they share producer batches), and the answer has one result per item in request
 * order: 201 with where it was written, 422 with its violations, or the status its publish failure maps to (503).
 * One invalid item never stops the others.
 */
public final class BatchIngest {

    /** An item that could be read and is valid ({@code request} set), or the reasons it is not. */
    public record Item<R>(int index, R request, List<FieldViolation> violations) {
        public boolean valid() {
            return request != null;
        }
    }

    /** What a feature publishes for one valid item: the id it reports and the broker's acknowledgement to come. */
    public record Submitted(String id, CompletableFuture<Delivery> delivery) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchItemResult")
    public record ItemResult(int index, int status, String id, String topic, Integer partition, Long offset,
                             String detail, List<FieldViolation> errors) {
    }

    @Schema(name = "BatchResult")
    public record BatchResult(int accepted, int rejected, List<ItemResult> results) {
    }

    private final JsonMapper json;
    private final Problems problems;

    public BatchIngest(JsonMapper json, Problems problems) {
        this.json = json;
        this.problems = problems;
    }

    /**
     * Reads every item as {@code type} and validates it with {@code validator} (given the item and the field prefix,
     * e.g. {@code [3].}); a body that is empty or longer than {@code maxItems} is rejected as a whole (422).
     *
     * @param noun what an item is, for messages ("trips", "payments")
     */
    public <R> List<Item<R>> parse(List<JsonNode> nodes, Class<R> type, int maxItems, String noun,
                                   BiFunction<R, String, List<FieldViolation>> validator) {
        if (nodes.isEmpty()) {
            throw ApiProblem.invalid("$", "must hold at least one of the " + noun);
        }
        if (nodes.size() > maxItems) {
            throw ApiProblem.invalid("$", "must hold at most " + maxItems + " " + noun);
        }
        List<Item<R>> items = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String element = "[" + i + "]";
            String prefix = element + ".";
            try {
                R request = json.treeToValue(nodes.get(i), type);
                List<FieldViolation> violations = request == null
                        ? List.of(new FieldViolation(element, "must be an object"))
                        : validator.apply(request, prefix);
                items.add(new Item<>(i, violations.isEmpty() ? request : null, violations));
            } catch (JacksonException e) {
                ApiProblem problem = Problems.fromJson(e);
                List<FieldViolation> violations = problem.violations().stream()
                        .map(v -> new FieldViolation(v.field().equals("$") ? element : prefix + v.field(), v.message()))
                        .toList();
                items.add(new Item<>(i, null, violations.isEmpty()
                        ? List.of(new FieldViolation(element, problem.detail())) : violations));
            }
        }
        return items;
    }

    /** Publishes every valid item with {@code submit} and completes once each has its result. */
    public <R> Mono<BatchResult> publish(List<Item<R>> items, Function<R, Submitted> submit, String requestId) {
        List<CompletableFuture<ItemResult>> results = new ArrayList<>(items.size());
        for (Item<R> item : items) {
            if (!item.valid()) {
                results.add(CompletableFuture.completedFuture(new ItemResult(item.index(), 422, null, null, null, null,
                        "invalid item", item.violations())));
                continue;
            }
            Submitted submitted = submit.apply(item.request());
            results.add(submitted.delivery().handle((Delivery ack, Throwable failure) -> {
                if (failure == null) {
                    return new ItemResult(item.index(), 201, submitted.id(), ack.topic(), ack.partition(), ack.offset(),
                            null, null);
                }
                ApiProblem problem = problems.toProblem(failure, requestId);
                return new ItemResult(item.index(), problem.status().value(), submitted.id(), null, null, null,
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
}
