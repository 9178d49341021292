#!/usr/bin/env python3
"""Preloads order events into order-events for the order-details backlog benchmark: EVENTS events over ORDERS
orders (versions 1, 2, ... per order, in order), Avro through the registry with confluent-kafka's serializer
(confluent_kafka.avro), key = order id. Prints the count and the time taken.

Needs python3-confluent-kafka, python3-avro, python3-requests.
"""
import argparse
import datetime
import decimal
import sys
import time
import uuid

from confluent_kafka import Producer
from confluent_kafka.avro import CachedSchemaRegistryClient, loads
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

STATUSES = ["CREATED", "CONFIRMED", "SHIPPED"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--registry", default="http://127.0.0.1:8081/apis/ccompat/v7")
    parser.add_argument("--schema", default="schemas/src/main/avro/order-event.avsc")
    parser.add_argument("--topic", default="order-events")
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--prefix", default="BENCH-%d" % int(time.time()))
    args = parser.parse_args()
    for host in (args.bootstrap.split(":")[0], args.registry.split("//")[1].split(":")[0]):
        if not (host.startswith("127.") or host == "localhost"):
            sys.exit("refusing non-loopback target %s" % host)

    with open(args.schema, encoding="utf-8") as f:
        schema = loads(f.read())
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all", "enable.idempotence": True,
                         "linger.ms": 5, "compression.type": "lz4"})
    failures = []
    created = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    price = decimal.Decimal("150.50")
    started = time.monotonic()
    for n in range(args.events):
        order = n % args.orders
        version = n // args.orders + 1
        order_id = "%s-%06d" % (args.prefix, order)
        value = {
            "event_id": str(uuid.uuid4()),
            "event_type": "ORDER_CREATED" if version == 1 else "ORDER_STATUS_CHANGED",
            "occurred_at": created,
            "order_id": order_id,
            "version": version,
            "order": {"order_id": order_id, "customer_id": "CUST-%d" % (order % 1000),
                      "status": STATUSES[min(version - 1, 2)], "currency": "USD", "total": price,
                      "items": [{"sku": "SKU-1", "quantity": 1, "unit_price": price}],
                      "created_at": created, "updated_at": created},
            "request_id": None,
        }
        payload = serializer.encode_record_with_schema(args.topic, schema, value, is_key=False)
        while True:
            try:
                producer.produce(args.topic, key=order_id.encode("utf-8"), value=payload,
                                 on_delivery=lambda err, msg: failures.append(err) if err else None)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    remaining = producer.flush(60)
    elapsed = time.monotonic() - started
    print("preloaded %d events (%d orders, prefix %s) in %.1f s; failures %d, unflushed %d"
          % (args.events, args.orders, args.prefix, elapsed, len(failures), remaining))
    return 1 if failures or remaining else 0


if __name__ == "__main__":
    sys.exit(main())
