output "load_balancer" {
  value = aws_security_group.load_balancer.id
}

output "services" {
  value = aws_security_group.services.id
}

output "registry" {
  value = aws_security_group.registry.id
}

output "database" {
  value = aws_security_group.database.id
}

output "registry_database" {
  value = aws_security_group.registry_database.id
}

output "kafka" {
  value = aws_security_group.kafka.id
}
