package io.streamgate.orderdetails;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.paging.PageSize;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 003's consumer routes, answered from the read model that {@link OrderDetailsProjection} keeps: never by
 * reading the topic per request. Served on the main port and on {@code streamgate.orderdetails.port} (8001).
 */
@RestController
@Tag(name = "order details", description = "The read model built from order-events (seed 003)")
class OrderDetailsController {

    private final OrderDetailsReadModel readModel;
    private final OrderDetailsSettings settings;
    private final PageSize pageSize;

    OrderDetailsController(OrderDetailsReadModel readModel, OrderDetailsSettings settings) {
        this.readModel = readModel;
        this.settings = settings;
        this.pageSize = new PageSize(settings.pageSize(), settings.maxPageSize());
    }

    @GetMapping("/order-details")
    @Operation(summary = "An order as its latest event describes it, with the shipping cost",
            description = "status is seed 003's vocabulary: CREATED → new, CONFIRMED → confirmed, SHIPPED → shipped, "
                    + "CANCELLED → cancelled. shippingCost is 2 % of totalAmount in exact decimal arithmetic, rounded "
                    + "half-up to cents (150.50 → 3.01; 0.25 → 0.01). The read model is eventually consistent: an "
                    + "order appears shortly after its event is written to order-events.")
    @ApiResponse(responseCode = "200", description = "The order")
    @ApiResponse(responseCode = "400",
            description = "orderId missing, blank, or not an order id (" + ValueRules.IDENTIFIER_TEXT + ")")
    @ApiResponse(responseCode = "404", description = "No event of this order has been consumed")
    @ApiResponse(responseCode = "503", description = "The database is unavailable; see Retry-After")
    Mono<OrderDetails> orderDetails(@Parameter(description = "The order id, e.g. ORDER-001", required = true)
                                    @RequestParam(required = false) String orderId) {
        if (orderId == null || orderId.isBlank()) {
            return Mono.error(missing("orderId"));
        }
        Optional<String> wrong = ValueRules.identifier(orderId);
        if (wrong.isPresent()) {
            // No order with such an id can have been applied: the projection refuses events that carry one.
            return Mono.error(invalidParameter("orderId", wrong.get()));
        }
        return Blocking.call(() -> readModel.find(orderId))
                .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(ApiProblem.notFound(
                        "No order '" + orderId + "' in the order details: no event of it has been consumed."))));
    }

    @GetMapping("/getAllOrderIdsFromTopic")
    @Operation(summary = "The order ids seen on a topic, in order of first appearance, paged",
            description = "Answered from an index the consumer keeps. Only allow-listed topics "
                    + "(streamgate.orderdetails.allowed-topics, default order-events) are answered. count is the total "
                    + "number of order ids; orderIds holds one page of at most limit ids (default 1000, at most 10000); "
                    + "pass the page's next as after to get the following page. Paging never skips an id: following "
                    + "the topic with after= the last id received returns every id once, also one whose consumer "
                    + "transaction committed late; an id is listed once every transaction that began before the one "
                    + "that indexed it has ended.")
    @ApiResponse(responseCode = "200", description = "One page of order ids and the total count")
    @ApiResponse(responseCode = "400", description = "topic missing or not allowed, limit not a number in range, "
            + "or after not an order id of the topic")
    @ApiResponse(responseCode = "503", description = "The database is unavailable; see Retry-After")
    Mono<OrderIdsPage> orderIds(@Parameter(description = "The topic, e.g. order-events", required = true)
                                @RequestParam(required = false) String topic,
                                @Parameter(description = "Page size, 1 to 10000 (default 1000)")
                                @RequestParam(required = false) String limit,
                                @Parameter(description = "Return the ids after this order id (the previous page's next)")
                                @RequestParam(required = false) String after) {
        if (topic == null || topic.isBlank()) {
            return Mono.error(missing("topic"));
        }
        if (!settings.allowedTopics().contains(topic)) {
            return Mono.error(new ApiProblem(HttpStatus.BAD_REQUEST, "Topic not allowed",
                    "Order ids are listed only for the topics " + settings.allowedTopics() + "; '" + topic
                            + "' is not one of them.",
                    null, List.of(new FieldViolation("topic", "must be one of " + settings.allowedTopics())),
                    Map.of("allowed_topics", settings.allowedTopics())));
        }
        int size = pageSize.parse(limit);
        Optional<String> wrong = after == null ? Optional.empty() : ValueRules.identifier(after);
        if (wrong.isPresent()) {
            return Mono.error(invalidParameter("after", wrong.get()));
        }
        return Blocking.call(() -> page(topic, after, size));
    }

    private OrderIdsPage page(String topic, String after, int size) {
        if (after != null && !readModel.isIndexed(topic, after)) {
            throw invalidParameter("after", "'" + after + "' is not an order id of topic " + topic);
        }
        long count = readModel.countOrderIds(topic);
        // One more than asked tells whether another page follows.
        List<String> ids = readModel.orderIds(topic, after, size + 1);
        boolean more = ids.size() > size;
        List<String> page = more ? ids.subList(0, size) : ids;
        return new OrderIdsPage(topic, List.copyOf(page), count, more ? page.getLast() : null);
    }

    private static ApiProblem missing(String parameter) {
        return invalidParameter(parameter, "is required");
    }

    /** Rendered as 400 on these routes, as seed 003 answers invalid input (see the configuration). */
    private static ApiProblem invalidParameter(String parameter, String message) {
        return ApiProblem.invalid(parameter, message);
    }
}
