variable "name" {
  description = "Prefix of every name."
  type        = string
}

variable "region" {
  description = "AWS region (zones default to its a, b and c)."
  type        = string
}

variable "availability_zones" {
  description = "Three zones; empty for <region>a, b and c."
  type        = list(string)
  default     = []
  validation {
    condition     = length(var.availability_zones) == 0 || length(var.availability_zones) == 3
    error_message = "Give three zones (three Kafka brokers, one per zone), or none."
  }
}

variable "cidr_block" {
  description = "The VPC's address range (a /16 is split into /20 subnets)."
  type        = string
}

variable "nat_gateway_per_zone" {
  description = "One NAT gateway per zone (true) or one for all (false: cheaper, but a zone outage cuts the others off)."
  type        = bool
}

variable "log_retention_days" {
  type = number
}
