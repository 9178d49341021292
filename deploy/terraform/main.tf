# Streamgate on AWS: everything a production Streamgate needs, in one apply.
#
#   network          VPC over three zones: public (load balancer, NAT), private (services), data (Postgres, Kafka)
#   firewall         the security groups and every rule between them
#   database         RDS Postgres of the services; registry_database: the schema registry's own
#   kafka            MSK, three brokers in three zones, TLS + SASL/SCRAM, replication 3 / min ISR 2
#   schema_registry  Apicurio Registry on ECS, found by private DNS
#   load_balancer    the public HTTPS entry point
#   service          one ECS Fargate service per system (module catalogue lists them), from the one image
#
# The image repository and the state bucket come first, from ../bootstrap (docs/deploy.md, "On AWS").
locals {
  # arn:aws:ecr:<region>:<account>:repository/<name> when the image is in ECR (the pull permission is scoped to it).
  ecr_image            = regex("^(?:(?P<account>[0-9]{12})\\.dkr\\.ecr\\.(?P<region>[a-z0-9-]+)\\.amazonaws\\.com/(?P<repository>[^:@]+))?", var.image)
  image_repository_arn = local.ecr_image.account == null ? null : "arn:aws:ecr:${local.ecr_image.region}:${local.ecr_image.account}:repository/${local.ecr_image.repository}"

  systems = {
    for system, settings in module.catalogue.systems : system => merge(settings, try(var.service_counts[system], {}))
  }
  service_port = 8000
}

module "catalogue" {
  source = "./modules/catalogue"
}

# Encrypts the databases, their snapshots, the brokers' storage and the secrets. The default key policy leaves
# access to IAM (the account's policies): only the roles given kms:Decrypt below can read a secret.
resource "aws_kms_key" "data" {
  description             = "${var.name}: data at rest (RDS, MSK, Secrets Manager)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.name}-data"
  target_key_id = aws_kms_key.data.key_id
}

module "network" {
  source               = "./modules/network"
  name                 = var.name
  region               = var.region
  availability_zones   = var.availability_zones
  cidr_block           = var.vpc_cidr
  nat_gateway_per_zone = var.nat_gateway_per_zone
  log_retention_days   = var.log_retention_days
}

module "firewall" {
  source        = "./modules/firewall"
  name          = var.name
  vpc_id        = module.network.vpc_id
  ingress_cidrs = var.ingress_cidrs
  service_port  = local.service_port
  registry_port = 8080
}

module "database" {
  source                = "./modules/database"
  name                  = "${var.name}-db"
  database              = "streamgate"
  username              = "streamgate"
  engine_version        = var.postgres_version
  instance_class        = var.database_instance_class
  allocated_storage     = var.database_storage_gb
  max_allocated_storage = var.database_max_storage_gb
  multi_az              = var.database_multi_az
  backup_retention_days = var.backup_retention_days
  deletion_protection   = var.deletion_protection
  credentials_version   = var.credentials_version
  subnet_ids            = module.network.data_subnet_ids
  security_group_id     = module.firewall.database
  kms_key_arn           = aws_kms_key.data.arn
}

# The registry's storage lives as long as the Kafka data that refers to its schema ids, on its own instance so its
# load and backups stay apart from the services' (as the Kubernetes manifests' registry-db).
module "registry_database" {
  source                = "./modules/database"
  name                  = "${var.name}-registry-db"
  database              = "registry"
  username              = "registry"
  engine_version        = var.postgres_version
  instance_class        = var.registry_database_instance_class
  allocated_storage     = 20
  max_allocated_storage = 100
  multi_az              = var.database_multi_az
  backup_retention_days = var.backup_retention_days
  deletion_protection   = var.deletion_protection
  credentials_version   = var.credentials_version
  subnet_ids            = module.network.data_subnet_ids
  security_group_id     = module.firewall.registry_database
  kms_key_arn           = aws_kms_key.data.arn
}

module "kafka" {
  source               = "./modules/kafka"
  name                 = var.name
  kafka_version        = var.kafka_version
  broker_instance_type = var.kafka_broker_instance_type
  broker_volume_size   = var.kafka_broker_volume_gb
  subnet_ids           = module.network.data_subnet_ids
  security_group_id    = module.firewall.kafka
  kms_key_arn          = aws_kms_key.data.arn
  username             = "streamgate"
  credentials_version  = var.credentials_version
  log_retention_days   = var.log_retention_days
  server_properties = {
    # Every acks=all write is on 2 of 3 replicas: one broker may fail or be patched without loss or unavailability.
    "default.replication.factor"               = "3"
    "min.insync.replicas"                      = "2"
    "offsets.topic.replication.factor"         = "3"
    "transaction.state.log.replication.factor" = "3"
    "transaction.state.log.min.isr"            = "2"
    "unclean.leader.election.enable"           = "false"
    # Topics are created explicitly (the services' topic provisioning), never by a typo.
    "auto.create.topics.enable" = "false"
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = "${var.name}.internal"
  description = "${var.name}: private names (the schema registry)"
  vpc         = module.network.vpc_id
}

locals {
  ecs_tasks_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

module "schema_registry" {
  source                       = "./modules/schema_registry"
  name                         = var.name
  region                       = var.region
  image                        = var.registry_image
  cpu                          = 512
  memory                       = 1024
  desired_count                = 2
  cluster_arn                  = aws_ecs_cluster.this.arn
  namespace_id                 = aws_service_discovery_private_dns_namespace.this.id
  namespace_name               = aws_service_discovery_private_dns_namespace.this.name
  subnet_ids                   = module.network.private_subnet_ids
  security_group_id            = module.firewall.registry
  database_url                 = module.registry_database.jdbc_url
  database_secret_arn          = module.registry_database.secret_arn
  kms_key_arn                  = aws_kms_key.data.arn
  ecs_tasks_assume_role_policy = local.ecs_tasks_assume_role_policy
  log_retention_days           = var.log_retention_days
}

module "load_balancer" {
  source              = "./modules/load_balancer"
  name                = var.name
  subnet_ids          = module.network.public_subnet_ids
  security_group_id   = module.firewall.load_balancer
  certificate_arn     = var.certificate_arn
  deletion_protection = var.deletion_protection
}

module "service" {
  source   = "./modules/service"
  for_each = local.systems

  name                         = var.name
  system                       = each.key
  systems                      = keys(local.systems)
  settings                     = each.value
  region                       = var.region
  image                        = var.image
  image_repository_arn         = local.image_repository_arn
  curl_image                   = var.curl_image
  cpu                          = var.service_cpu
  memory                       = var.service_memory
  cpu_architecture             = var.cpu_architecture
  cluster_name                 = aws_ecs_cluster.this.name
  cluster_arn                  = aws_ecs_cluster.this.arn
  vpc_id                       = module.network.vpc_id
  subnet_ids                   = module.network.private_subnet_ids
  security_group_id            = module.firewall.services
  listener_arn                 = module.load_balancer.https_listener_arn
  kafka_bootstrap_servers      = module.kafka.bootstrap_servers
  schema_registry_url          = module.schema_registry.url
  database_url                 = module.database.jdbc_url
  database_secret_arn          = module.database.secret_arn
  kafka_secret_arn             = module.kafka.secret_arn
  kms_key_arn                  = aws_kms_key.data.arn
  schema_registrations         = module.catalogue.schema_registrations
  extra_environment            = var.cors_allowed_origins == "" ? {} : { CORS_ALLOWED_ORIGINS = var.cors_allowed_origins }
  ecs_tasks_assume_role_policy = local.ecs_tasks_assume_role_policy
  log_retention_days           = var.log_retention_days
}
