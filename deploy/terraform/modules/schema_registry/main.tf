# The schema registry: Apicurio Registry (the version of the dev stack and the Kubernetes manifests) on the same ECS
# cluster as the services, with SQL storage on its own Postgres. MSK has no registry, and AWS Glue's is not
# Confluent-API compatible, while the services speak the Confluent API (Apicurio's ccompat/v7). The services reach it
# by its private DNS name (Cloud Map); it is not behind the public load balancer.
locals {
  port            = 8080
  management_port = 9000
  container_name  = "registry"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/${var.name}/registry"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-registry-execution"
  description        = "ECS pulls the registry's image, writes its logs and reads its database secret"
  assume_role_policy = var.ecs_tasks_assume_role_policy
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
  statement {
    sid       = "DatabaseCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database_secret_arn]
  }
  statement {
    sid       = "DecryptSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "registry-task-start"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-registry"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  # No task role: the registry calls no AWS API.

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name      = local.container_name
    image     = var.image
    essential = true
    portMappings = [
      { containerPort = local.port, protocol = "tcp" },
      { containerPort = local.management_port, protocol = "tcp" },
    ]
    environment = [
      { name = "APICURIO_STORAGE_KIND", value = "sql" },
      { name = "APICURIO_STORAGE_SQL_KIND", value = "postgresql" },
      { name = "APICURIO_DATASOURCE_URL", value = var.database_url },
    ]
    secrets = [
      { name = "APICURIO_DATASOURCE_USERNAME", valueFrom = "${var.database_secret_arn}:username::" },
      { name = "APICURIO_DATASOURCE_PASSWORD", valueFrom = "${var.database_secret_arn}:password::" },
    ]
    linuxParameters = { capabilities = { drop = ["ALL"] } }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "registry"
      }
    }
  }])
}

resource "aws_service_discovery_service" "this" {
  name = "registry"

  dns_config {
    namespace_id   = var.namespace_id
    routing_policy = "MULTIVALUE"
    dns_records {
      type = "A"
      ttl  = 10
    }
  }
}

resource "aws_ecs_service" "this" {
  name                               = "${var.name}-registry"
  cluster                            = var.cluster_arn
  task_definition                    = aws_ecs_task_definition.this.arn
  launch_type                        = "FARGATE"
  desired_count                      = var.desired_count
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  propagate_tags                     = "SERVICE"
  # The apply waits for running registries before it creates the services, whose first step registers schemas.
  wait_for_steady_state = true

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  service_registries {
    registry_arn = aws_service_discovery_service.this.arn
  }
}
