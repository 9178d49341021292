variable "name" {
  type = string
}

variable "subnet_ids" {
  description = "The public subnets."
  type        = list(string)
}

variable "security_group_id" {
  type = string
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener."
  type        = string
}

variable "deletion_protection" {
  type = bool
}
