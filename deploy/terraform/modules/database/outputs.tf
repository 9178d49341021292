output "address" {
  value = aws_db_instance.this.address
}

output "port" {
  value = aws_db_instance.this.port
}

output "database" {
  value = var.database
}

output "jdbc_url" {
  description = "JDBC URL, TLS required (sslmode=require: encrypted; the server is not verified against the RDS CA, which the image does not carry)."
  value       = "jdbc:postgresql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/${var.database}?sslmode=require"
}

output "secret_arn" {
  description = "Secrets Manager secret with the keys username, password, host, port, dbname."
  value       = aws_secretsmanager_secret.credentials.arn
}
