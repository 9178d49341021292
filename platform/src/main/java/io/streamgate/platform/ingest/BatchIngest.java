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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Batch ingest for any feature ({@code POST /<things>/batch}, answered 207): each item of a JSON array is read and
 * validated on its own, with the same strict JSON rules and field names as a single request (prefixed by its index),
 * every valid item is published (they share producer batches), and the answer has one result per item in request
 * order: 201 with where it was written, 422 with its violations, or the status its publish failure maps to (503).
 * One invalid item never stops the others.
 * <p>
 * A route whose answer has the platform's shape ({@link ItemResult}, {@link BatchResult}: trips) uses it as it is; a
 * route with a shape of its own (payments names the id {@code payment_id} and leaves the topic out) gives its
 * {@link Answers}.
 */
public final class BatchIngest {

    /** An item that could be read and is valid ({@code request} set), or the reasons it is not. */
    public record Item<R>(int index, R request, List<FieldViolation> violations) {
        public boolean valid() {
            return request != null;
        }
    }

    /** What a feature publishes for one valid item: the id it reports and the broker's acknowledgement to come. */
    public record Submitted<I>(I id, CompletableFuture<Delivery> delivery) {
    }

    /**
     * What a route calls its items in the answer to a batch of the wrong size: "must hold at least {@code one}" ("one
     * payment"), "must hold at most n {@code many}" ("payments").
     */
    public record Nouns(String one, String many) {
    }

    /**
     * The shape of a route's 207 answer: one result per item, and the batch result around them.
     *
     * @param <I> the id type a route reports for an item
     * @param <T> an item's result
     * @param <B> the batch's result
     */
    public interface Answers<I, T, B> {

        /** Item {@code index} is in Kafka under {@code id}, where {@code ack} says (201). */
        T written(int index, I id, Delivery ack);

        /** Item {@code index} breaks these rules and was not published (422). */
        T invalid(int index, List<FieldViolation> violations);

        /** Publishing item {@code index} failed; {@code problem} is what a single request would have been answered. */
        T failed(int index, I id, ApiProblem problem);

        B batch(int accepted, int rejected, List<T> results);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchItemResult")
    public record ItemResult(int index, int status, String id, String topic, Integer partition, Long offset,
                             String detail, List<FieldViolation> errors) {
    }

    @Schema(name = "BatchResult")
    public record BatchResult(int accepted, int rejected, List<ItemResult> results) {
    }

    /** The platform's shape: string ids, with the topic of each written item. */
    private static final Answers<String, ItemResult, BatchResult> PLATFORM_ANSWERS = new Answers<>() {
        @Override
        public ItemResult written(int index, String id, Delivery ack) {
            return new ItemResult(index, 201, id, ack.topic(), ack.partition(), ack.offset(), null, null);
        }

        @Override
        public ItemResult invalid(int index, List<FieldViolation> violations) {
            return new ItemResult(index, 422, null, null, null, null, "invalid item", violations);
        }

        @Override
        public ItemResult failed(int index, String id, ApiProblem problem) {
            return new ItemResult(index, problem.status().value(), id, null, null, null, problem.detail(), null);
        }

        @Override
        public BatchResult batch(int accepted, int rejected, List<ItemResult> results) {
            return new BatchResult(accepted, rejected, results);
        }
    };

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
     * @param nouns what an item is, for those messages
     */
    public <R> List<Item<R>> parse(List<JsonNode> nodes, Class<R> type, int maxItems, Nouns nouns,
                                   BiFunction<R, String, List<FieldViolation>> validator) {
        if (nodes.isEmpty()) {
            throw ApiProblem.invalid("$", "must hold at least " + nouns.one());
        }
        if (nodes.size() > maxItems) {
            throw ApiProblem.invalid("$", "must hold at most " + maxItems + " " + nouns.many());
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

    /** {@link #publish(List, Function, Answers, String)} answered in the platform's shape. */
    public <R> Mono<BatchResult> publish(List<Item<R>> items, Function<Item<R>, Submitted<String>> submit,
                                         String requestId) {
        return publish(items, submit, PLATFORM_ANSWERS, requestId);
    }

    /**
     * Publishes every valid item with {@code submit} and completes once each has its result, in {@code answers}'
     * shape.
     */
    public <R, I, T, B> Mono<B> publish(List<Item<R>> items, Function<Item<R>, Submitted<I>> submit,
                                        Answers<I, T, B> answers, String requestId) {
        List<CompletableFuture<T>> results = new ArrayList<>(items.size());
        AtomicInteger written = new AtomicInteger();
        for (Item<R> item : items) {
            if (!item.valid()) {
                results.add(CompletableFuture.completedFuture(answers.invalid(item.index(), item.violations())));
                continue;
            }
            Submitted<I> submitted = submit.apply(item);
            results.add(submitted.delivery().handle((Delivery ack, Throwable failure) -> {
                if (failure == null) {
                    written.incrementAndGet();
                    return answers.written(item.index(), submitted.id(), ack);
                }
                return answers.failed(item.index(), submitted.id(), problems.toProblem(failure, requestId));
            }));
        }
        return Mono.fromFuture(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)))
                .then(Mono.fromSupplier(() -> {
                    List<T> done = results.stream().map(CompletableFuture::join).toList();
                    return answers.batch(written.get(), done.size() - written.get(), done);
                }));
    }
}
