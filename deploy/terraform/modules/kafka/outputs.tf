output "bootstrap_servers" {
  description = "The SASL/SCRAM (TLS) bootstrap servers, comma-separated."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "secret_arn" {
  description = "The SCRAM user's secret (keys username, password)."
  value       = aws_secretsmanager_secret.client.arn
}

output "cluster_arn" {
  value = aws_msk_cluster.this.arn
}
