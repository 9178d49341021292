# --- required
variable "image" {
  description = "The Streamgate image, pushed (e.g. <account>.dkr.ecr.<region>.amazonaws.com/streamgate:<version>; the repository_url output of ../bootstrap). A tag or a digest, never latest."
  type        = string
  validation {
    condition     = can(regex("(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[0-9a-f]{64})$", var.image)) && !endswith(var.image, ":latest")
    error_message = "Name the image with a version tag or a digest (not latest): a deployment must say what it runs."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the load balancer's HTTPS listener (issued or imported in the same region)."
  type        = string
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "An ACM certificate ARN (arn:aws:acm:...)."
  }
}

# --- where and what
variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name (one stack per name and region)."
  type        = string
  default     = "streamgate"
}

variable "tags" {
  description = "Added to every resource."
  type        = map(string)
  default     = {}
}

variable "availability_zones" {
  description = "Three zones; empty for <region>a, b and c."
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "nat_gateway_per_zone" {
  description = "One NAT gateway per zone; false: one for all (cheaper, but its zone's outage cuts the services off from AWS APIs)."
  type        = bool
  default     = true
}

variable "ingress_cidrs" {
  description = "Who may reach the load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "cors_allowed_origins" {
  description = "CORS_ALLOWED_ORIGINS of the services (comma-separated); empty keeps the application's default."
  type        = string
  default     = ""
}

# --- sizes
variable "service_cpu" {
  description = "Fargate CPU units per task (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "service_memory" {
  description = "MiB per task; the JVM takes 75 % of it for its heap."
  type        = number
  default     = 2048
}

variable "service_counts" {
  description = "Task counts per system, over module catalogue' (e.g. { orders = { min_count = 3, max_count = 3 } }); min = max is a fixed count."
  type        = map(object({ min_count = number, max_count = number }))
  default     = {}
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64: the architecture the image was built for (deploy/image builds for the build machine's)."
  type        = string
  default     = "X86_64"
}

variable "postgres_version" {
  type    = string
  default = "17"
}

variable "database_instance_class" {
  type    = string
  default = "db.m7g.large"
}

variable "database_storage_gb" {
  type    = number
  default = 50
}

variable "database_max_storage_gb" {
  type    = number
  default = 500
}

variable "database_multi_az" {
  description = "A synchronous standby in another zone for both databases."
  type        = bool
  default     = true
}

variable "registry_database_instance_class" {
  type    = string
  default = "db.t4g.small"
}

variable "backup_retention_days" {
  type    = number
  default = 14
}

variable "kafka_version" {
  type    = string
  default = "3.9.x"
}

variable "kafka_broker_instance_type" {
  type    = string
  default = "kafka.m7g.large"
}

variable "kafka_broker_volume_gb" {
  type    = number
  default = 100
}

variable "log_retention_days" {
  type    = number
  default = 30
}

# --- operations
variable "deletion_protection" {
  description = "Protects the databases and the load balancer from deletion (turn off to destroy a trial stack)."
  type        = bool
  default     = true
}

variable "credentials_version" {
  description = "Raise to generate new Postgres and Kafka passwords on the next apply, then restart the services."
  type        = number
  default     = 1
}

variable "curl_image" {
  description = "The register-schemas step's image (sh and curl), as in the Kubernetes manifests; mirror it to ECR to avoid Docker Hub's pull limits."
  type        = string
  default     = "curlimages/curl:8.11.1"
}

variable "registry_image" {
  description = "Apicurio Registry, the version the dev stack runs."
  type        = string
  default     = "quay.io/apicurio/apicurio-registry:3.3.3"
}
