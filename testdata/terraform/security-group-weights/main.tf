# CF203 weights with inline rules, aws_security_group_rule and
# aws_vpc_security_group_ingress_rule; CF204 with an IPv6 origin; CF201,
# CF405 and CF406 through aws_lb. A variable without a default is Unknown.
variable "internal" {
  type = bool
}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_security_group" "inline_and_rule" {
  name = "inline-and-rule"
  ingress {
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    prefix_list_ids = [data.aws_ec2_managed_prefix_list.cloudfront.id] # expect: CF203
  }
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = aws_security_group.inline_and_rule.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  prefix_list_ids   = [data.aws_ec2_managed_prefix_list.cloudfront.id]
}

resource "aws_security_group" "list_and_cidrs" {
  name = "list-and-cidrs"
}

resource "aws_vpc_security_group_ingress_rule" "cloudfront" {
  security_group_id = aws_security_group.list_and_cidrs.id
  from_port         = 80
  to_port           = 443
  ip_protocol       = "tcp"
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront.id
}

resource "aws_vpc_security_group_ingress_rule" "office" {
  security_group_id = aws_security_group.list_and_cidrs.id
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
  cidr_ipv4         = "10.0.0.0/8"
}

resource "aws_lb" "web" {
  name            = "web"
  internal        = var.internal
  security_groups = [aws_security_group.list_and_cidrs.id]
  idle_timeout    = 30
  subnets         = ["subnet-1", "subnet-2"]
}

resource "aws_lb" "private" {
  name     = "private"
  internal = true
  subnets  = ["subnet-1", "subnet-2"]
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "web"
    domain_name = aws_lb.web.dns_name # expect: CF101
    custom_origin_config {
      origin_protocol_policy   = "https-only"
      http_port                = 80
      https_port               = 443 # expect: CF204
      origin_ssl_protocols     = ["TLSv1.2"]
      ip_address_type          = "dualstack"
      origin_read_timeout      = 60 # expect: CF405
      origin_keepalive_timeout = 30 # expect: CF406
    }
  }
  origin {
    origin_id   = "private"
    domain_name = aws_lb.private.dns_name # expect: CF201
    custom_origin_config {
      origin_protocol_policy = "http-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}
