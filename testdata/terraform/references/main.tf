# Variables, locals and references between resources.
variable "site_domain" {
  default = "docs.s3-website-us-east-1.amazonaws.com"
}

variable "unknown_domain" {}

locals {
  website_policy = "https-only"
}

resource "aws_security_group" "alb" {
  name = "alb"
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "web" {
  name            = "web"
  security_groups = [aws_security_group.alb.id]
}

resource "aws_lambda_function" "edge" {
  function_name = "edge"
  runtime       = "nodejs20.x"
  role          = "arn:aws:iam::123456789012:role/edge"
  memory_size   = 512 # expect: CF303
}

resource "aws_cloudfront_distribution" "web" {
  enabled = true
  origin {
    origin_id   = "site"
    domain_name = var.site_domain
    custom_origin_config {
      origin_protocol_policy = local.website_policy # expect: CF104
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "maybe-site"
    domain_name = var.unknown_domain
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "app"
    domain_name = aws_lb.web.dns_name # expect: CF101
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443 # expect: CF202
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn # expect: CF301
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/docs/*"
    target_origin_id       = "${local.prefix}docs" # expect: CF511
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}

locals {
  prefix = "old-"
}
