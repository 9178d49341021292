package io.streamgate.orderdetails;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.consumer.ConsumedEvent;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatus;
import io.streamgate.support.Bodies;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two order-details replicas apply their partitions in transactions of their own, which commit in any order. A client
 * that pages through {@code GET /getAllOrderIdsFromTopic} and then follows the topic with {@code after=} (the last id it
 * got) must get every id exactly once, also one whose transaction began first and committed last.
 */
class OrderIdsPagingAcrossReplicasTest extends OrderDetailsTest {

    @Test
    void shouldNeverSkipAnIdWhoseTransactionCommitsAfterALaterOnesWasListed() throws Exception {
        OrderDetailsProjection projection = new OrderDetailsProjection(jdbc(), JsonMapper.builder().build(),
                new SimpleMeterRegistry());
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        String start = OrderEvents.uniqueOrderId("ORDER-PAGING-START");
        String late = OrderEvents.uniqueOrderId("ORDER-PAGING-LATE");
        String early = OrderEvents.uniqueOrderId("ORDER-PAGING-EARLY");
        transactions.executeWithoutResult(status -> projection.apply(List.of(consumed(start, 1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> listedAfter(null).contains(start));

        // Replica 1 indexes `late` and has not committed yet; replica 2 indexes `early` after it and commits.
        CountDownLatch indexed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> replica1 = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            projection.apply(List.of(consumed(late, 2)));
            indexed.countDown();
            try {
                assertThat(commit.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }));
        assertThat(indexed.await(30, TimeUnit.SECONDS)).isTrue();
        transactions.executeWithoutResult(status -> projection.apply(List.of(consumed(early, 3))));

        // A client reads to the end meanwhile, then follows with the last id it got.
        List<String> seen = new ArrayList<>(listedAfter(start));
        String cursor = seen.isEmpty() ? start : seen.getLast();
        assertThat(seen).doesNotContain(late);

        commit.countDown();
        replica1.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> next = listedAfter(seen.isEmpty() ? cursor : seen.getLast());
            seen.addAll(next);
            assertThat(seen).contains(late, early);
        });
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.indexOf(late)).isLessThan(seen.indexOf(early));
    }

    /** Every id the route lists after {@code after} (null: from the start), following {@code next} to the last page. */
    private List<String> listedAfter(String after) {
        List<String> listed = new ArrayList<>();
        String cursor = after;
        do {
            Map<String, Object> page = http.get().uri(cursor == null
                            ? "/getAllOrderIdsFromTopic?topic=order-events&limit=10000"
                            : "/getAllOrderIdsFromTopic?topic=order-events&limit=10000&after=" + cursor)
                    .exchange().expectStatus().isOk()
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) page.get("orderIds");
            listed.addAll(ids);
            cursor = (String) page.get("next");
        } while (cursor != null);
        return listed;
    }

    /** An order's first event as a replica's consumer hands it to the projection. */
    private static ConsumedEvent<OrderEvent> consumed(String orderId, long offset) {
        OrderEvent event = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
        return new ConsumedEvent<>(event.getEventId().toString(), orderId, event, Topics.ORDER_EVENTS.name(), 0,
                offset, Instant.now());
    }
}
