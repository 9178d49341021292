variable "name" {
  type = string
}

variable "kafka_version" {
  type = string
}

variable "broker_instance_type" {
  type = string
}

variable "broker_volume_size" {
  description = "GiB of storage per broker."
  type        = number
}

variable "subnet_ids" {
  description = "One data subnet per zone: a broker in each."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) == 3
    error_message = "Three brokers, one in each of three zones: give three subnets."
  }
}

variable "security_group_id" {
  type = string
}

variable "kms_key_arn" {
  description = "Encrypts the brokers' storage and the SCRAM secret (MSK requires a customer managed key for it)."
  type        = string
}

variable "username" {
  description = "The services' SCRAM user."
  type        = string
}

variable "credentials_version" {
  description = "Raise to generate and set a new password."
  type        = number
}

variable "server_properties" {
  description = "Broker configuration (the MSK configuration)."
  type        = map(string)
}

variable "log_retention_days" {
  type = number
}
