# Kafka on MSK: three brokers, one per zone, in the data subnets; TLS between clients and brokers and between
# brokers; clients authenticate with SASL/SCRAM (the stock Kafka client does it; IAM would need AWS' login module in
# the image). Replication 3 and min.insync.replicas 2: an acks=all write is on two brokers, and one broker may fail
# or be patched without loss or unavailability.
locals {
  password = replace(uuid(), "-", "")
}

resource "aws_msk_configuration" "this" {
  name              = var.name
  kafka_versions    = [var.kafka_version]
  description       = "${var.name}: replication 3, min ISR 2, topics created explicitly"
  server_properties = join("\n", [for key, value in var.server_properties : "${key}=${value}"])

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "brokers" {
  name              = "/${var.name}/brokers"
  retention_in_days = var.log_retention_days
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = length(var.subnet_ids)

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [var.security_group_id]
    storage_info {
      ebs_storage_info {
        volume_size = var.broker_volume_size
      }
    }
    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = var.kms_key_arn
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  client_authentication {
    unauthenticated = false
    sasl {
      scram = true
      iam   = false
    }
  }

  enhanced_monitoring = "PER_TOPIC_PER_BROKER"

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.brokers.name
      }
    }
  }
}

# The services' SCRAM user. MSK reads SCRAM users from secrets named AmazonMSK_* and encrypted with a customer
# managed key.
resource "aws_secretsmanager_secret" "client" {
  name                    = "AmazonMSK_${var.name}_${var.username}"
  description             = "${var.name}: Kafka SASL/SCRAM user of the services (keys username, password)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "client" {
  secret_id = aws_secretsmanager_secret.client.id
  secret_string_wo = jsonencode({
    username = var.username
    password = local.password
  })
  secret_string_wo_version = var.credentials_version
}

resource "aws_msk_single_scram_secret_association" "client" {
  cluster_arn = aws_msk_cluster.this.arn
  secret_arn  = aws_secretsmanager_secret.client.arn
  depends_on  = [aws_secretsmanager_secret_version.client]
}
