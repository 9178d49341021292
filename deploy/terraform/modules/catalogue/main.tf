# What Streamgate is made of, as far as its deployment is concerned.
#
# systems: the Streamgate systems, as the services that run them: the paths each one answers on the public load balancer
# (its seed's routes), how many tasks it runs and what it adds to the shared environment. The counts follow the
# Kubernetes prod overlay (deploy/k8s/overlays/prod): payments and submissions are stateless and scale on CPU (2-10);
# orders runs 3 (its life cycle claims rows with SKIP LOCKED); order details 2 (a consumer group: more than the
# partitions of order-events would idle); trips 3 (Kafka Streams: 3 instances share the 6 partitions of each input
# topic, with one standby replica per task).
#
# No resources: what the stack and its test share.
output "systems" {
  value = {
    payments = {
      priority     = 100
      paths        = ["/payments", "/payments/*", "/health"]
      min_count    = 2
      max_count    = 10
      scale_on_cpu = true
      environment  = {}
    }
    orders = {
      priority     = 200
      paths        = ["/orders", "/orders/*", "/create-order", "/update-order"]
      min_count    = 3
      max_count    = 3
      scale_on_cpu = false
      environment  = {}
    }
    orderdetails = {
      priority     = 300
      paths        = ["/order-details", "/getAllOrderIdsFromTopic"]
      min_count    = 2
      max_count    = 2
      scale_on_cpu = false
      environment  = {}
    }
    trips = {
      priority     = 400
      paths        = ["/trips/*"]
      min_count    = 3
      max_count    = 3
      scale_on_cpu = false
      environment  = { SPRING_KAFKA_STREAMS_PROPERTIES_NUM_STANDBY_REPLICAS = "1" }
    }
    submissions = {
      priority     = 500
      paths        = ["/submit-code", "/supported-languages", "/kafka-status", "/submissions", "/submissions/*"]
      min_count    = 2
      max_count    = 10
      scale_on_cpu = true
      environment  = {}
    }
  }
}

# schema_registrations: subject => the body of its registration request, the same the Kubernetes register-schemas
# init step sends (schemas.generated.yaml, generated from the catalogue's Avro classes by ClusterManifestsTest).
output "schema_registrations" {
  value = {
    for file, body in yamldecode(file("${path.module}/../../../k8s/base/registry/schemas.generated.yaml")).data :
    trimsuffix(file, ".json") => body
  }
}
