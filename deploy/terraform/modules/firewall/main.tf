# Every security group and every rule, in one place: who may open a connection to whom, on which port. Nothing else
# is allowed (Terraform drops AWS' default allow-all egress rule of a new group). The data tier accepts
# connections only from the groups that use it and opens none itself.
#
#   internet ──443/80──▶ load_balancer ──8000──▶ services ──5432──▶ database
#                                                   │ ────9096──▶ kafka (SASL/SCRAM over TLS)
#                                                   │ ────8080──▶ registry ──5432──▶ registry_database
#                                                   └──── 443 ──▶ AWS APIs, image registries (through NAT)
resource "aws_security_group" "load_balancer" {
  name        = "${var.name}-load-balancer"
  description = "The public load balancer"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "services" {
  name        = "${var.name}-services"
  description = "The Streamgate services (one ECS service per system)"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "registry" {
  name        = "${var.name}-registry"
  description = "The schema registry (Apicurio)"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "The services' Postgres"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "registry_database" {
  name        = "${var.name}-registry-database"
  description = "The schema registry's Postgres"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "kafka" {
  name        = "${var.name}-kafka"
  description = "The MSK brokers"
  vpc_id      = var.vpc_id
}

# --- the load balancer: HTTPS (and HTTP, which only redirects) from the allowed ranges, out to the services only.
resource "aws_vpc_security_group_ingress_rule" "load_balancer_https" {
  for_each          = toset(var.ingress_cidrs)
  security_group_id = aws_security_group.load_balancer.id
  description       = "HTTPS from clients"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer_http" {
  for_each          = toset(var.ingress_cidrs)
  security_group_id = aws_security_group.load_balancer.id
  description       = "HTTP from clients, redirected to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "load_balancer_to_services" {
  security_group_id            = aws_security_group.load_balancer.id
  description                  = "Requests and health checks to the services"
  ip_protocol                  = "tcp"
  from_port                    = var.service_port
  to_port                      = var.service_port
  referenced_security_group_id = aws_security_group.services.id
}

# --- the services
resource "aws_vpc_security_group_ingress_rule" "services_from_load_balancer" {
  security_group_id            = aws_security_group.services.id
  description                  = "Requests and health checks from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.service_port
  to_port                      = var.service_port
  referenced_security_group_id = aws_security_group.load_balancer.id
}

resource "aws_vpc_security_group_egress_rule" "services_to_database" {
  security_group_id            = aws_security_group.services.id
  description                  = "Postgres"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.database.id
}

resource "aws_vpc_security_group_egress_rule" "services_to_kafka" {
  security_group_id            = aws_security_group.services.id
  description                  = "Kafka brokers (SASL/SCRAM over TLS)"
  ip_protocol                  = "tcp"
  from_port                    = var.kafka_port
  to_port                      = var.kafka_port
  referenced_security_group_id = aws_security_group.kafka.id
}

resource "aws_vpc_security_group_egress_rule" "services_to_registry" {
  security_group_id            = aws_security_group.services.id
  description                  = "Schema registry"
  ip_protocol                  = "tcp"
  from_port                    = var.registry_port
  to_port                      = var.registry_port
  referenced_security_group_id = aws_security_group.registry.id
}

resource "aws_vpc_security_group_egress_rule" "services_to_https" {
  security_group_id = aws_security_group.services.id
  description       = "AWS APIs (ECR, Secrets Manager, CloudWatch Logs) and image registries, through NAT"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# --- the registry
resource "aws_vpc_security_group_ingress_rule" "registry_from_services" {
  security_group_id            = aws_security_group.registry.id
  description                  = "Registry API from the services (and their register-schemas step)"
  ip_protocol                  = "tcp"
  from_port                    = var.registry_port
  to_port                      = var.registry_port
  referenced_security_group_id = aws_security_group.services.id
}

resource "aws_vpc_security_group_egress_rule" "registry_to_database" {
  security_group_id            = aws_security_group.registry.id
  description                  = "The registry's Postgres"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.registry_database.id
}

resource "aws_vpc_security_group_egress_rule" "registry_to_https" {
  security_group_id = aws_security_group.registry.id
  description       = "AWS APIs (Secrets Manager, CloudWatch Logs) and the image registry, through NAT"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# --- the data tier: reachable from its users only; no egress rules.
resource "aws_vpc_security_group_ingress_rule" "database_from_services" {
  security_group_id            = aws_security_group.database.id
  description                  = "Postgres from the services"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.services.id
}

resource "aws_vpc_security_group_ingress_rule" "registry_database_from_registry" {
  security_group_id            = aws_security_group.registry_database.id
  description                  = "Postgres from the registry"
  ip_protocol                  = "tcp"
  from_port                    = var.postgres_port
  to_port                      = var.postgres_port
  referenced_security_group_id = aws_security_group.registry.id
}

resource "aws_vpc_security_group_ingress_rule" "kafka_from_services" {
  security_group_id            = aws_security_group.kafka.id
  description                  = "Kafka (SASL/SCRAM over TLS) from the services"
  ip_protocol                  = "tcp"
  from_port                    = var.kafka_port
  to_port                      = var.kafka_port
  referenced_security_group_id = aws_security_group.services.id
}
