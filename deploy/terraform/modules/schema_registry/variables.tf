variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "image" {
  description = "Apicurio Registry image."
  type        = string
}

variable "cpu" {
  type = number
}

variable "memory" {
  type = number
}

variable "desired_count" {
  type = number
}

variable "cluster_arn" {
  type = string
}

variable "namespace_id" {
  description = "Cloud Map private DNS namespace."
  type        = string
}

variable "namespace_name" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_id" {
  type = string
}

variable "database_url" {
  description = "JDBC URL of the registry's own Postgres."
  type        = string
}

variable "database_secret_arn" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "ecs_tasks_assume_role_policy" {
  type = string
}

variable "log_retention_days" {
  type = number
}
