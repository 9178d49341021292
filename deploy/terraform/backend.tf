# State in S3 with S3's own lock file (Terraform >= 1.10: use_lockfile; no DynamoDB table). The bucket comes from
# ../bootstrap (versioned, encrypted, public access blocked). Partial configuration: give the bucket at init,
#   terraform init -backend-config="bucket=<state bucket>" -backend-config="region=<region>"
# Why not local state: docs/deploy.md, "State".
terraform {
  backend "s3" {
    key          = "streamgate/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
