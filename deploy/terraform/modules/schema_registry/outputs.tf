output "url" {
  description = "The Confluent-compatible API the services use (SCHEMA_REGISTRY_URL)."
  value       = "http://${aws_service_discovery_service.this.name}.${var.namespace_name}:${local.port}/apis/ccompat/v7"
  # Whatever uses the address (the services' register-schemas step) is created once the registry runs.
  depends_on = [aws_ecs_service.this]
}

output "port" {
  value = local.port
}

output "service_name" {
  value = aws_ecs_service.this.name
}
