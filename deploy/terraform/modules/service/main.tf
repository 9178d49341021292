# One Streamgate system as an ECS service on Fargate: the shared image running this system alone
# (STREAMGATE_SYSTEMS), behind the load balancer on its own paths, scaled on its own. The task does what a
# pod of the Kubernetes prod overlay does, in the same order (container dependencies in place of init containers):
#   1. register-schemas  registers every schema of the catalogue under its subject (the prod profile never
#                        registers one); an incompatible schema is refused by the registry and the task stops there
#   2. migrate           the same image's migrate command (no web server, no Kafka): the platform's and every
#                        system's migrations, then it exits 0 (Flyway's lock serializes tasks starting together)
#   3. streamgate        the service, once both have exited 0
# A failed step fails the task; the deployment circuit breaker rolls back to the previous task definition.
locals {
  service_name = "${var.name}-${var.system}"
  port         = 8000
  app          = "streamgate"

  environment = merge(
    {
      SPRING_PROFILES_ACTIVE  = "prod"
      KAFKA_BOOTSTRAP_SERVERS = var.kafka_bootstrap_servers
      SCHEMA_REGISTRY_URL     = var.schema_registry_url
      DATABASE_URL            = var.database_url
      PORT                    = tostring(local.port)
      # The load balancer terminates TLS (its HTTPS listener, with HSTS) and reaches the tasks over HTTP inside the
      # VPC: the prod profile's HTTPS-only edge is turned off here, on purpose (docs/deploy.md).
      STREAMGATE_HTTP_TLS_REQUIRED = "false"
      # MSK: TLS to the brokers (the JVM trusts Amazon's certificates), SASL/SCRAM with the user from the secret.
      # Spring resolves the placeholders from the two variables the secret fills in.
      SPRING_KAFKA_SECURITY_PROTOCOL           = "SASL_SSL"
      SPRING_KAFKA_PROPERTIES_SASL_MECHANISM   = "SCRAM-SHA-512"
      SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$${KAFKA_USERNAME}\" password=\"$${KAFKA_PASSWORD}\";"
      # MSK has no topic operator: the services create missing topics themselves, replicated 3 times, and a write
      # needs 2 in-sync replicas (the brokers' defaults say the same).
      STREAMGATE_TOPICS_PROVISION                  = "true"
      STREAMGATE_TOPICS_DEFAULTS_REPLICATIONFACTOR = "3"
      STREAMGATE_TOPICS_DEFAULTS_MININSYNCREPLICAS = "2"
      PAYMENTS_DELIVERY                            = "synchronous"
      # Kafka Streams' stores, on the task's scratch volume (the root file system is read-only).
      STREAMS_STATE_DIR = "/tmp/kafka-streams"
    },
    # The one system this service runs (streamgate.systems).
    { STREAMGATE_SYSTEMS = var.system },
    var.settings.environment,
    var.extra_environment,
  )

  secrets = [
    { name = "DATABASE_USERNAME", valueFrom = "${var.database_secret_arn}:username::" },
    { name = "DATABASE_PASSWORD", valueFrom = "${var.database_secret_arn}:password::" },
    { name = "KAFKA_USERNAME", valueFrom = "${var.kafka_secret_arn}:username::" },
    { name = "KAFKA_PASSWORD", valueFrom = "${var.kafka_secret_arn}:password::" },
  ]

  # The same requests as deploy/k8s/base/registry/register-schemas.sh, one per subject of the catalogue
  # (schemas.generated.yaml), inline because a Fargate task has no ConfigMap to mount.
  register_schemas = join("\n", concat(["set -eu"], [
    for subject, payload in var.schema_registrations : join(" ", [
      "echo 'registering ${subject}';",
      "curl --fail-with-body --silent --show-error --retry 30 --retry-connrefused --retry-delay 2 --max-time 10",
      "-X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json'",
      "--data-binary '${replace(payload, "'", "'\\''")}'",
      "\"$SCHEMA_REGISTRY_URL/subjects/${subject}/versions\"; echo",
    ])
  ]))

  logs = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = aws_cloudwatch_log_group.this.name
      awslogs-region        = var.region
      awslogs-stream-prefix = var.system
    }
  }

  hardened = {
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
  }

  app_environment = [for key in sort(keys(local.environment)) : { name = key, value = local.environment[key] }]
  mounts          = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]

  containers = [
    merge(local.hardened, {
      name             = "register-schemas"
      image            = var.curl_image
      essential        = false
      entryPoint       = ["/bin/sh", "-c"]
      command          = [local.register_schemas]
      environment      = [{ name = "SCHEMA_REGISTRY_URL", value = var.schema_registry_url }]
      logConfiguration = local.logs
    }),
    merge(local.hardened, {
      name             = "migrate"
      image            = var.image
      essential        = false
      command          = ["migrate"]
      user             = "10001:10001"
      environment      = local.app_environment
      secrets          = local.secrets
      mountPoints      = local.mounts
      dependsOn        = [{ containerName = "register-schemas", condition = "SUCCESS" }]
      logConfiguration = local.logs
    }),
    merge(local.hardened, {
      name         = local.app
      image        = var.image
      essential    = true
      user         = "10001:10001"
      portMappings = [{ containerPort = local.port, protocol = "tcp" }]
      environment  = local.app_environment
      secrets      = local.secrets
      mountPoints  = local.mounts
      dependsOn    = [{ containerName = "migrate", condition = "SUCCESS" }]
      # After the load balancer has drained the task: HTTP drain (20 s) + producer flush and close (10 s), then
      # SIGKILL.
      stopTimeout      = 40
      logConfiguration = local.logs
    }),
  ]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/${var.name}/${var.system}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "execution" {
  name               = "${local.service_name}-execution"
  description        = "ECS pulls the ${var.system} image, writes its logs and reads its secrets"
  assume_role_policy = var.ecs_tasks_assume_role_policy
}

data "aws_iam_policy_document" "execution" {
  dynamic "statement" {
    for_each = var.image_repository_arn == null ? [] : [var.image_repository_arn]
    content {
      sid       = "PullImage"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
      resources = [statement.value]
    }
  }
  dynamic "statement" {
    for_each = var.image_repository_arn == null ? [] : [var.image_repository_arn]
    content {
      sid = "RegistryLogin"
      # GetAuthorizationToken has no resource to scope it to.
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
  statement {
    sid       = "Credentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.database_secret_arn, var.kafka_secret_arn]
  }
  statement {
    sid       = "DecryptSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "${var.system}-task-start"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.service_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  # No task role: the services call no AWS API (Kafka and Postgres take passwords, read at start by ECS).

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode(local.containers)
}

resource "aws_lb_target_group" "this" {
  name                 = local.service_name
  port                 = local.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 15

  # Liveness, not readiness: ECS replaces a task whose target is unhealthy, and a Kafka outage (which takes
  # /readyz down) is not cured by restarting every task; the services answer 503 with Retry-After meanwhile.
  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener_rule" "this" {
  listener_arn = var.listener_arn
  priority     = var.settings.priority

  condition {
    path_pattern {
      values = var.settings.paths
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}

resource "aws_ecs_service" "this" {
  name            = local.service_name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  launch_type     = "FARGATE"
  desired_count   = var.settings.min_count
  # A new task must be healthy before an old one goes (Kubernetes: maxUnavailable 0).
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  # Schema registration, migrations and the JVM's start (the Kubernetes startup probe allows 180 s).
  health_check_grace_period_seconds = 180
  propagate_tags                    = "SERVICE"
  enable_execute_command            = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = local.app
    container_port   = local.port
  }

  # Application Auto Scaling owns the count (fixed services have min = max).
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener_rule.this]
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = var.settings.min_count
  max_capacity       = var.settings.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  count              = var.settings.scale_on_cpu ? 1 : 0
  name               = "${local.service_name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value = 70
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    scale_out_cooldown = 60
    # Scale in slowly: a removed task drains and flushes its producer.
    scale_in_cooldown = 300
  }
}
