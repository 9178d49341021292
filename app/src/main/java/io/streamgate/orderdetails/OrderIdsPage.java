package io.streamgate.orderdetails;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * {@code GET /getAllOrderIdsFromTopic}: seed 003's {@code {topic, orderIds, count}}, where {@code count} is the total
 * number of order ids on the topic and {@code orderIds} one page of them, in order of first appearance.
 *
 * @param next  pass as {@code after} for the next page; absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderIdsPage(String topic, List<String> orderIds, long count,
                           @Schema(description = "Cursor for the next page (the last id of this one); absent on the last page")
                           String next) {
}
