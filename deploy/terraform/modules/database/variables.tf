variable "name" {
  description = "Instance identifier, also the prefix of its parameter group, subnet group and secret."
  type        = string
}

variable "database" {
  description = "The database created on the instance."
  type        = string
}

variable "username" {
  type = string
}

variable "engine_version" {
  description = "Postgres version: a major (\"17\") or major.minor."
  type        = string
}

variable "instance_class" {
  type = string
}

variable "allocated_storage" {
  description = "GiB at creation."
  type        = number
}

variable "max_allocated_storage" {
  description = "GiB that storage autoscaling may grow to."
  type        = number
}

variable "multi_az" {
  description = "A synchronous standby in another zone (failover in about a minute, no committed transaction lost)."
  type        = bool
}

variable "backup_retention_days" {
  description = "Daily snapshots and point-in-time recovery, kept this many days."
  type        = number
  validation {
    condition     = var.backup_retention_days >= 1
    error_message = "Backups must stay on (at least one day)."
  }
}

variable "deletion_protection" {
  type = bool
}

variable "credentials_version" {
  description = "Raise to generate and set a new password (rotation)."
  type        = number
}

variable "subnet_ids" {
  description = "The data subnets."
  type        = list(string)
}

variable "security_group_id" {
  type = string
}

variable "kms_key_arn" {
  description = "Encrypts the storage, the snapshots and the secret."
  type        = string
}
