output "vpc_id" {
  value = aws_vpc.this.id
}

output "zones" {
  value = local.zones
}

output "public_subnet_ids" {
  description = "The load balancer's subnets."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "The services' and the registry's subnets."
  value       = aws_subnet.private[*].id
}

output "data_subnet_ids" {
  description = "Postgres' and the Kafka brokers' subnets (no route out of the VPC)."
  value       = aws_subnet.data[*].id
}
