package io.streamgate.orders;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.idempotency.IdempotencyKey;
import io.streamgate.platform.idempotency.IdempotentPosts;
import io.streamgate.platform.edge.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * Seed 003's cart service routes, on the same orders as {@code /orders}: the same table, state machine and events.
 * They speak the seed's language: its messages, its lower-case statuses ({@code new}, {@code confirmed}, ...) and its
 * 400 for invalid input ({@link OrdersConfiguration#seedValidationStatus}). "Published" means the event is committed
 * in the outbox, which publishes it to {@code order-events} shortly after.
 */
@RestController
@Tag(name = "cart (seed 003)", description = "Create and update orders with seed 003's request and response shapes")
class CartController {

    static final String CREATED_MESSAGE = "Order created and published successfully.";
    static final String UPDATED_MESSAGE = "Order updated and published successfully.";

    private final OrderManagement management;
    private final IdempotentPosts idempotentPosts;
    private final OrdersSettings settings;

    CartController(OrderManagement management, IdempotentPosts idempotentPosts, OrdersSettings settings) {
        this.management = management;
        this.idempotentPosts = idempotentPosts;
        this.settings = settings;
    }

    @PostMapping(path = "/create-order", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createOrder", summary = "Create an order with the client's id (seed 003)",
            description = "The server fills in a customer, itemsCount items with prices, the total, USD and the date.")
    @ApiResponse(responseCode = "201", description = "Created; its event is committed in the outbox",
            content = @Content(schema = @Schema(implementation = OrderViews.CartAnswer.class)))
    @ApiResponse(responseCode = "409", description = "An order with this orderId exists (send an Idempotency-Key to retry safely)")
    @ApiResponse(responseCode = "400", description = "Malformed JSON; invalid, null or missing orderId / itemsCount, "
            + "wrong types, unknown fields (seed 003 answers invalid input with 400; errors name each field)")
    @ApiResponse(responseCode = "503", description = "Database unavailable; see Retry-After")
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER,
            description = "a retry with the same key and body gets the first answer", schema = @Schema(type = "string"))
    Mono<ResponseEntity<?>> create(@RequestBody CartRequests.CreateOrder request, ServerWebExchange exchange) {
        OrdersController.requireValid(request.violations(settings.maxItems()));
        String requestId = RequestIds.of(exchange);
        OrderDraft draft = SampleOrders.draft(request.itemsCount());
        return idempotentPosts.runInTransaction(exchange, () -> request.orderId() + '|' + request.itemsCount(),
                ignoredDerivedId -> {
                    Order order = management.place(request.orderId(), draft, requestId, OrderAccess.of(exchange));
                    return OrdersController.withVersion(ResponseEntity.created(URI.create("/orders/" + order.id())),
                            order).body(new OrderViews.CartAnswer(CREATED_MESSAGE, OrderViews.CartOrder.of(order)));
                });
    }

    @PutMapping(path = "/update-order", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Move an order to a status (seed 003)",
            description = "Forward one step (CREATED → CONFIRMED → SHIPPED) or to CANCELLED; the life cycle continues "
                    + "from the new status on its schedule. The same status again changes nothing.")
    @ApiResponse(responseCode = "200", description = "Updated; its event is committed in the outbox",
            content = @Content(schema = @Schema(implementation = OrderViews.CartAnswer.class)))
    @ApiResponse(responseCode = "404", description = "No such order")
    @ApiResponse(responseCode = "409", description = "The state machine forbids the move; 'rule' names why")
    @ApiResponse(responseCode = "412", description = "If-Match names an older version")
    @ApiResponse(responseCode = "400", description = "Malformed JSON; invalid, null or missing orderId / status, "
            + "wrong types, unknown fields (seed 003's 400; errors name each field)")
    Mono<ResponseEntity<OrderViews.CartAnswer>> update(@RequestBody CartRequests.UpdateOrder request,
                                                       @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                                                       String ifMatch, ServerWebExchange exchange) {
        OrdersController.requireValid(request.violations());
        OrderStatus target = OrderStatus.parse(request.status()).orElseThrow();
        Long expected = IfMatch.version(ifMatch);
        String requestId = RequestIds.of(exchange);
        OrderAccess access = OrderAccess.of(exchange);
        return Blocking.call(() -> management.moveTo(request.orderId(), expected, target, requestId, access))
                .map(order -> OrdersController.withVersion(ResponseEntity.ok(), order)
                        .body(new OrderViews.CartAnswer(UPDATED_MESSAGE, OrderViews.CartOrder.of(order))));
    }
}
