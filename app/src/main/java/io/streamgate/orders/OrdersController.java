package io.streamgate.orders;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.idempotency.IdempotencyKey;
import io.streamgate.platform.idempotency.IdempotentPosts;
import io.streamgate.platform.paging.PageSize;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Seed 002's orders resource. Every change answers with the order and its {@code ETag} (the version); {@code PUT}
 * and {@code DELETE} honour {@code If-Match} (412 when stale). A 2xx means the change and its event are committed in
 * Postgres; the outbox publishes the event to {@code order-events} afterwards.
 */
@RestController
@Tag(name = "orders", description = "Orders in Postgres; every change published to order-events through the outbox")
class OrdersController {

    private static final PageSize PAGE_SIZE = new PageSize(20, 100);

    private final OrderManagement management;
    private final Orders orders;
    private final IdempotentPosts idempotentPosts;
    private final OrdersSettings settings;

    OrdersController(OrderManagement management, Orders orders, IdempotentPosts idempotentPosts,
                     OrdersSettings settings) {
        this.management = management;
        this.orders = orders;
        this.idempotentPosts = idempotentPosts;
        this.settings = settings;
    }

    @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Place an order", description = "201 once the order and its ORDER_CREATED event are "
            + "committed; the server computes the total and owns id, status, version and times.")
    @ApiResponse(responseCode = "201", description = "Placed",
            content = @Content(schema = @Schema(implementation = OrderViews.OrderView.class)))
    @ApiResponse(responseCode = "422", description = "Invalid values, unknown or read-only fields")
    @ApiResponse(responseCode = "503", description = "Database unavailable; see Retry-After")
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER,
            description = "a retry with the same key and body creates nothing new", schema = @Schema(type = "string"))
    Mono<ResponseEntity<?>> place(@RequestBody OrderRequest request, ServerWebExchange exchange) {
        requireValid(request.violations(settings.maxItems()));
        String requestId = RequestIds.of(exchange);
        OrderDraft draft = request.toDraft();
        return idempotentPosts.runInTransaction(exchange, request::fingerprint, orderId -> {
            Order order = management.place(orderId.toString(), draft, requestId, OrderAccess.of(exchange));
            return withVersion(ResponseEntity.created(URI.create("/orders/" + order.id())), order)
                    .body(OrderViews.OrderView.of(order));
        });
    }

    @GetMapping("/orders/{id}")
    @Operation(summary = "One order")
    @ApiResponse(responseCode = "200", description = "The order, with its ETag",
            content = @Content(schema = @Schema(implementation = OrderViews.OrderView.class)))
    @ApiResponse(responseCode = "404", description = "No such order")
    Mono<ResponseEntity<OrderViews.OrderView>> get(@PathVariable String id, ServerWebExchange exchange) {
        OrderAccess access = OrderAccess.of(exchange);
        return Blocking.call(() -> orders.find(id, access).orElseThrow(() -> new OrderNotFoundException(id)))
                .map(order -> withVersion(ResponseEntity.ok(), order).body(OrderViews.OrderView.of(order)));
    }

    @GetMapping("/orders")
    @Operation(summary = "Orders, newest first", description = "Keyset-paged: follow 'next' for the following page.")
    @ApiResponse(responseCode = "200", description = "One page",
            content = @Content(schema = @Schema(implementation = OrderViews.OrderPage.class)))
    @ApiResponse(responseCode = "422", description = "Bad status, limit or cursor")
    Mono<OrderViews.OrderPage> list(
            @Parameter(description = "only orders in this status (CREATED, CONFIRMED, SHIPPED, CANCELLED; 'new' is CREATED)")
            @RequestParam(required = false) String status,
            @Parameter(description = "page size, 1 to 100 (default 20)") @RequestParam(required = false) String limit,
            @Parameter(description = "the 'next' cursor of the previous page") @RequestParam(required = false) String cursor,
            ServerWebExchange exchange) {
        OrderStatus wanted = status == null ? null : OrderStatus.parse(status).orElseThrow(() -> ApiProblem.invalid(
                "status", "must be one of CREATED (or 'new'), CONFIRMED, SHIPPED, CANCELLED"));
        int size = PAGE_SIZE.parse(limit);
        Orders.Cursor after = cursor == null ? null : decodeCursor(cursor);
        OrderAccess access = OrderAccess.of(exchange);
        return Blocking.call(() -> orders.page(wanted, after, size, access)).map(page -> {
            String next = null;
            if (page.size() == size) {
                Order last = page.getLast();
                next = "/orders?limit=" + size + (wanted == null ? "" : "&status=" + wanted.name())
                        + "&cursor=" + encodeCursor(last);
            }
            return new OrderViews.OrderPage(page.stream().map(OrderViews.OrderView::of).toList(), next);
        });
    }

    @PutMapping(path = "/orders/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Revise an order's customer, currency and items",
            description = "Only while it is CREATED (409 rule items-fixed-once-confirmed otherwise). Status moves go "
                    + "through PUT /update-order or DELETE (cancel).")
    @ApiResponse(responseCode = "200", description = "The revised order, with its new ETag",
            content = @Content(schema = @Schema(implementation = OrderViews.OrderView.class)))
    @ApiResponse(responseCode = "404", description = "No such order")
    @ApiResponse(responseCode = "409", description = "The order's status does not allow it; 'rule' names why")
    @ApiResponse(responseCode = "412", description = "If-Match names an older version")
    @ApiResponse(responseCode = "422", description = "Invalid values, unknown or read-only fields")
    Mono<ResponseEntity<OrderViews.OrderView>> revise(@PathVariable String id, @RequestBody OrderRequest request,
                                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                                                      String ifMatch, ServerWebExchange exchange) {
        requireValid(request.violations(settings.maxItems()));
        Long expected = IfMatch.version(ifMatch);
        String requestId = RequestIds.of(exchange);
        OrderAccess access = OrderAccess.of(exchange);
        return Blocking.call(() -> management.revise(id, expected, request.toDraft(), requestId, access))
                .map(order -> withVersion(ResponseEntity.ok(), order).body(OrderViews.OrderView.of(order)));
    }

    @DeleteMapping(path = "/orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel an order", description = "The order stays, with status CANCELLED (an "
            + "ORDER_CANCELLED event); cancelling a cancelled order changes nothing. A SHIPPED order cannot be cancelled.")
    @ApiResponse(responseCode = "200", description = "The cancelled order",
            content = @Content(schema = @Schema(implementation = OrderViews.OrderView.class)))
    @ApiResponse(responseCode = "404", description = "No such order")
    @ApiResponse(responseCode = "409", description = "Already shipped; 'rule' names why")
    @ApiResponse(responseCode = "412", description = "If-Match names an older version")
    Mono<ResponseEntity<OrderViews.OrderView>> cancel(@PathVariable String id,
                                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                                                      String ifMatch, ServerWebExchange exchange) {
        Long expected = IfMatch.version(ifMatch);
        String requestId = RequestIds.of(exchange);
        OrderAccess access = OrderAccess.of(exchange);
        return Blocking.call(() -> management.moveTo(id, expected, OrderStatus.CANCELLED, requestId, access))
                .map(order -> withVersion(ResponseEntity.ok(), order).body(OrderViews.OrderView.of(order)));
    }

    static ResponseEntity.BodyBuilder withVersion(ResponseEntity.BodyBuilder response, Order order) {
        return response.eTag(Long.toString(order.version()));
    }

    static void requireValid(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations);
        }
    }

    private static String encodeCursor(Order last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (last.createdAt().toEpochMilli() + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static Orders.Cursor decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new Orders.Cursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
                    text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiProblem.invalid("cursor", "is not a cursor this service handed out");
        }
    }
}
