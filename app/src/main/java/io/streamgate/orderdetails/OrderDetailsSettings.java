package io.streamgate.orderdetails;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * {@code streamgate.orderdetails.*}
 *
 * @param port           seed 003 serves this system on 8001: the application listens there too (every route); 0 picks
 *                       a free port, a negative value turns it off
 * @param consumerGroup  the Kafka consumer group (and scope of applied event ids)
 * @param allowedTopics  topics {@code GET /getAllOrderIdsFromTopic} answers for; each must be one this system
 *                       consumes (today only {@code order-events}); an empty list answers none
 * @param pageSize       order ids per page when the request gives no {@code limit}
 * @param maxPageSize    the largest {@code limit} accepted
 */
@ConfigurationProperties("streamgate.orderdetails")
public record OrderDetailsSettings(
        @DefaultValue("8001") Integer port,
        @DefaultValue("streamgate.orderdetails") String consumerGroup,
        @DefaultValue("order-events") List<String> allowedTopics,
        @DefaultValue("1000") int pageSize,
        @DefaultValue("10000") int maxPageSize) {

    public OrderDetailsSettings {
        allowedTopics = allowedTopics == null ? List.of() : List.copyOf(allowedTopics);
        if (pageSize < 1 || maxPageSize < pageSize) {
            throw new IllegalArgumentException("streamgate.orderdetails: need 1 <= page-size <= max-page-size");
        }
    }
}
