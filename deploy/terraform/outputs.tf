# What the application's environment needs (the same names as the Kubernetes ConfigMap streamgate-config), and where
# things are.
output "kafka_bootstrap_servers" {
  description = "KAFKA_BOOTSTRAP_SERVERS: MSK's SASL/SCRAM (TLS) brokers."
  value       = module.kafka.bootstrap_servers
}

output "schema_registry_url" {
  description = "SCHEMA_REGISTRY_URL: the registry's Confluent-compatible API, inside the VPC."
  value       = module.schema_registry.url
}

output "database_url" {
  description = "DATABASE_URL (TLS required)."
  value       = module.database.jdbc_url
}

output "database_secret_arn" {
  description = "DATABASE_USERNAME and DATABASE_PASSWORD: keys username and password of this secret."
  value       = module.database.secret_arn
}

output "kafka_secret_arn" {
  description = "The services' SCRAM user: keys username and password of this secret."
  value       = module.kafka.secret_arn
}

output "load_balancer_dns_name" {
  description = "Point the certificate's name at it (CNAME or Route 53 alias)."
  value       = module.load_balancer.dns_name
}

output "load_balancer_zone_id" {
  value = module.load_balancer.zone_id
}

output "ecs_cluster" {
  value = aws_ecs_cluster.this.name
}

output "services" {
  description = "System => ECS service name."
  value       = { for system, service in module.service : system => service.service_name }
}

output "log_groups" {
  description = "System => CloudWatch log group."
  value       = { for system, service in module.service : system => service.log_group }
}
