#!/usr/bin/env python3
"""Writes one OrderEvent to order-events the way a Python service of seed 003 does: confluent-kafka's Avro
serializer (confluent_kafka.avro) registers the schema with the registry and frames the value in Confluent's wire
format; the key is the order id as UTF-8. No Streamgate code involved.

Needs Debian's python3-confluent-kafka, python3-avro and python3-requests (run by /usr/bin/python3).
"""
import argparse
import datetime
import decimal
import sys

from confluent_kafka import Producer
from confluent_kafka.avro import CachedSchemaRegistryClient, loads
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True, help="Confluent-API base URL of the registry")
    parser.add_argument("--schema", required=True, help="path of order-event.avsc")
    parser.add_argument("--topic", default="order-events")
    parser.add_argument("--order-id", required=True)
    parser.add_argument("--event-id", required=True)
    args = parser.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = loads(f.read())
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))

    created = datetime.datetime(2024, 12, 15, 10, 30, tzinfo=datetime.timezone.utc)
    price = decimal.Decimal("75.25")
    value = {
        "event_id": args.event_id,
        "event_type": "ORDER_CREATED",
        "occurred_at": created,
        "order_id": args.order_id,
        "version": 1,
        "order": {
            "order_id": args.order_id,
            "customer_id": "CUST-PY-1",
            "status": "CREATED",
            "currency": "USD",
            "total": price * 2,
            "items": [{"sku": "SKU-PY", "quantity": 2, "unit_price": price}],
            "created_at": created,
            "updated_at": created,
        },
        "request_id": "python-client",
    }
    payload = serializer.encode_record_with_schema(args.topic, schema, value, is_key=False)

    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(err)
        else:
            print("delivered %s-%d@%d schema id %d" % (msg.topic(), msg.partition(), msg.offset(),
                                                       int.from_bytes(payload[1:5], "big")))

    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all", "enable.idempotence": True})
    producer.produce(args.topic, key=args.order_id.encode("utf-8"), value=payload, on_delivery=delivered)
    remaining = producer.flush(30)
    if failures or remaining:
        print("not delivered: %s (%d still queued)" % (failures, remaining), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
