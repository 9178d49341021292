# The only public entry point: an application load balancer in the public subnets. HTTPS with the given ACM
# certificate (TLS 1.2 and 1.3 only), with HSTS on every answer; HTTP answers with a redirect to HTTPS. Each service adds its own listener rule
# (its paths) and target group; a path no rule claims gets a 404.
resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.subnet_ids
  security_groups            = [var.security_group_id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  # Longer than the services' request timeouts; a batch of 1 MB still fits.
  idle_timeout = 60
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  # The load balancer terminates TLS, so it is where HTTPS is served: it adds Strict-Transport-Security (a year).
  routing_http_response_strict_transport_security_header_value = "max-age=31536000"

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      status_code  = "404"
      message_body = jsonencode({ type = "about:blank", title = "Not Found", status = 404 })
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
