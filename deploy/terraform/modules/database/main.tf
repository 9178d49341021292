# One Postgres on RDS: encrypted at rest with the stack's key, TLS required (rds.force_ssl), in the data subnets only,
# backed up daily with point-in-time recovery, and its credentials in Secrets Manager. The password is generated at
# apply and passed through write-only arguments, so it is in neither the plan nor the state.
locals {
  major_version = split(".", var.engine_version)[0]
  # Generated once per apply; reaches RDS and the secret only when credentials_version changes (write-only
  # arguments are sent on create and when their version changes, never compared). uuid(): 122 random bits, and
  # no extra provider to install.
  password = replace(uuid(), "-", "")
}

resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "${var.name}: the data subnets"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_parameter_group" "this" {
  name        = "${var.name}-postgres${local.major_version}"
  family      = "postgres${local.major_version}"
  description = "${var.name}: TLS required"

  # A connection without TLS is refused.
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  db_name                         = var.database
  username                        = var.username
  password_wo                     = local.password
  password_wo_version             = var.credentials_version
  port                            = 5432
  parameter_group_name            = aws_db_parameter_group.this.name
  ca_cert_identifier              = "rds-ca-rsa2048-g1"
  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [var.security_group_id]
  publicly_accessible             = false
  multi_az                        = var.multi_az
  storage_type                    = "gp3"
  allocated_storage               = var.allocated_storage
  max_allocated_storage           = var.max_allocated_storage
  storage_encrypted               = true
  kms_key_id                      = var.kms_key_arn
  backup_retention_period         = var.backup_retention_days
  backup_window                   = "02:00-03:00"
  maintenance_window              = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot           = true
  delete_automated_backups        = false
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${var.name}-final"
  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  apply_immediately               = false
}

# The credentials the clients read: RDS' usual secret layout (so Secrets Manager's rotation functions can take it
# over), encrypted with the stack's key.
resource "aws_secretsmanager_secret" "credentials" {
  name                    = "${var.name}/credentials"
  description             = "${var.name}: Postgres user and password (keys username, password, host, port, dbname)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "credentials" {
  secret_id = aws_secretsmanager_secret.credentials.id
  secret_string_wo = jsonencode({
    engine   = "postgres"
    username = var.username
    password = local.password
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    dbname   = var.database
  })
  secret_string_wo_version = var.credentials_version
}
