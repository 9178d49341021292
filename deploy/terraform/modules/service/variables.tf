variable "name" {
  description = "The stack's prefix."
  type        = string
}

variable "system" {
  description = "The system this service runs (payments, orders, orderdetails, trips, submissions)."
  type        = string
}

variable "systems" {
  description = "Every system of the image: the others are switched off in this service."
  type        = list(string)
  validation {
    condition     = length(var.systems) > 0
    error_message = "List the image's systems."
  }
}

variable "settings" {
  description = "The system's row of module catalogue: paths, listener rule priority, task counts, extra environment."
  type = object({
    priority     = number
    paths        = list(string)
    min_count    = number
    max_count    = number
    scale_on_cpu = bool
    environment  = map(string)
  })
}

variable "region" {
  type = string
}

variable "image" {
  description = "The Streamgate image (deploy/image), pushed to a registry the tasks can pull from."
  type        = string
}

variable "image_repository_arn" {
  description = "The ECR repository of the image, for the pull permission; null for an image elsewhere."
  type        = string
  default     = null
}

variable "curl_image" {
  description = "Image with sh and curl for the register-schemas step."
  type        = string
}

variable "cpu" {
  description = "Fargate CPU units of a task (1024 = 1 vCPU)."
  type        = number
}

variable "memory" {
  description = "MiB of a task; the JVM takes 75 % for its heap."
  type        = number
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64: the image's (deploy/image builds for the build machine's)."
  type        = string
}

variable "health_check_path" {
  type    = string
  default = "/livez"
}

variable "cluster_name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  description = "The private subnets."
  type        = list(string)
}

variable "security_group_id" {
  type = string
}

variable "listener_arn" {
  description = "The load balancer's HTTPS listener."
  type        = string
}

variable "kafka_bootstrap_servers" {
  type = string
}

variable "schema_registry_url" {
  type = string
}

variable "database_url" {
  type = string
}

variable "database_secret_arn" {
  description = "Secret with the keys username and password (DATABASE_USERNAME, DATABASE_PASSWORD)."
  type        = string
}

variable "kafka_secret_arn" {
  description = "Secret with the keys username and password of the SCRAM user."
  type        = string
}

variable "kms_key_arn" {
  description = "The key the secrets are encrypted with."
  type        = string
}

variable "schema_registrations" {
  description = "Subject => registration request body (deploy/k8s/base/registry/schemas.generated.yaml)."
  type        = map(string)
}

variable "extra_environment" {
  description = "More environment for every container of the service (e.g. CORS_ALLOWED_ORIGINS)."
  type        = map(string)
  default     = {}
}

variable "ecs_tasks_assume_role_policy" {
  type = string
}

variable "log_retention_days" {
  type = number
}
