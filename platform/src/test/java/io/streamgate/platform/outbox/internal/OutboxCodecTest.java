package io.streamgate.platform.outbox.internal;

import io.streamgate.schemas.Topic;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.schemas.orders.OrderEventVersions;
import io.streamgate.schemas.orders.OrderItem;
import io.streamgate.schemas.orders.OrderState;
import io.streamgate.schemas.orders.OrderStatus;
import io.streamgate.schemas.payments.Payment;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxCodecTest {

    /** The writer schemas other builds stored: the relay's view of {@code outbox_schemas}. */
    private final SchemaStore.Cache otherBuilds = new SchemaStore.Cache();
    private final OutboxCodec codec = new OutboxCodec(Topics.all(), otherBuilds);

    @Test
    void anEventComesBackEqualWithExactMoney() {
        OrderEvent event = orderEvent();

        byte[] payload = codec.encode(Topics.ORDER_EVENTS, event);

        assertThat(codec.decode(Topics.ORDER_EVENTS.name(), payload)).isEqualTo(event);
        assertThat(((OrderEvent) codec.decode(Topics.ORDER_EVENTS.name(), payload)).getOrder().getTotal())
                .isEqualTo(new BigDecimal("25.00"));
    }

    @Test
    void aPayloadOfAnotherSchemaIsRefusedNotMisread() {
        byte[] payload = codec.encode(Topics.ORDER_EVENTS, orderEvent());

        assertThatThrownBy(() -> codec.decode(Topics.PAYMENTS.name(), payload))
                .isInstanceOf(AvroRuntimeException.class);
    }

    @Test
    void onlyEventTopicsOfTheCatalogueAreAccepted() {
        Topic<String, OrderEvent> unknown = new Topic<>("not-in-the-catalogue", String.class, OrderEvent.class);

        assertThatThrownBy(() -> codec.encode(unknown, orderEvent())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not-in-the-catalogue");
        assertThatThrownBy(() -> codec.topic("not-in-the-catalogue")).isInstanceOf(IllegalArgumentException.class);
        assertThat(codec.topic(Topics.PAYMENTS.name()).valueType()).isEqualTo(Payment.class);
    }

    @Test
    void aRowOfThePreviousSchemaIsReadWithTheDefaultsOfTheFieldsAddedSince() {
        Schema previous = OrderEventVersions.previous();
        otherBuilds.addSchema(previous);
        OrderEvent event = OrderEvent.newBuilder(orderEvent()).setRequestId("req-1").build();

        SpecificRecord read = codec.decode(Topics.ORDER_EVENTS.name(), OrderEventVersions.payload(previous, event));

        OrderEvent expected = OrderEvent.newBuilder(event).setRequestId(null).build();
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void aRowOfTheNextSchemaIsReadWithoutTheFieldsThisBuildDoesNotKnow() {
        Schema next = OrderEventVersions.next();
        otherBuilds.addSchema(next);
        OrderEvent event = orderEvent();

        SpecificRecord read = codec.decode(Topics.ORDER_EVENTS.name(), OrderEventVersions.payload(next, event));

        assertThat(read).isEqualTo(event);
        assertThat(((OrderEvent) read).getOrder().getTotal()).isEqualTo(new BigDecimal("25.00"));
    }

    @Test
    void aRowWhoseSchemaNoBuildStoredIsRefused() {
        byte[] payload = OrderEventVersions.payload(OrderEventVersions.next(), orderEvent());

        assertThatThrownBy(() -> codec.decode(Topics.ORDER_EVENTS.name(), payload))
                .isInstanceOf(MissingSchemaException.class);
    }

    @Test
    void theSchemasThisBuildWritesAreTheCataloguesEventSchemas() {
        assertThat(codec.schemas()).contains(OrderEvent.getClassSchema(), Payment.getClassSchema())
                .doesNotHaveDuplicates();
    }

    private static OrderEvent orderEvent() {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        BigDecimal price = new BigDecimal("12.50");
        return OrderEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setEventType(OrderEventType.ORDER_CREATED).setOccurredAt(now)
                .setOrderId("order-1").setVersion(1).setRequestId(null)
                .setOrder(OrderState.newBuilder().setOrderId("order-1").setCustomerId("customer-1")
                        .setStatus(OrderStatus.CREATED).setCurrency("EUR").setTotal(new BigDecimal("25.00"))
                        .setItems(List.of(OrderItem.newBuilder().setSku("SKU-1").setQuantity(2).setUnitPrice(price)
                                .build()))
                        .setCreatedAt(now).setUpdatedAt(now).build())
                .build();
    }
}
