variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "ingress_cidrs" {
  description = "Client address ranges allowed to reach the load balancer."
  type        = list(string)
}

variable "service_port" {
  description = "The port the services listen on (PORT)."
  type        = number
}

variable "registry_port" {
  type = number
}

variable "postgres_port" {
  type    = number
  default = 5432
}

variable "kafka_port" {
  description = "MSK's SASL/SCRAM listener (TLS)."
  type        = number
  default     = 9096
}
