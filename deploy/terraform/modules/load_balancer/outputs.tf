output "https_listener_arn" {
  value = aws_lb_listener.https.arn
}

output "dns_name" {
  value = aws_lb.this.dns_name
}

output "zone_id" {
  description = "For a Route 53 alias record."
  value       = aws_lb.this.zone_id
}
