# Values that cannot be known before apply, and what is known of them
# anyway: a finding where the fault holds for every value the unknown part
# could take, silence where some value would pass.

variable "domain" {
  type = string
}

variable "aliases" {
  type = list(string)
}

variable "env" {
  type = string
}

variable "bucket" {
  type = string
}

variable "subnets" {
  type = list(string)
}

variable "groups" {
  type = list(string)
}

variable "origin_id" {
  type = string
}

variable "other_id" {
  type = string
}

resource "aws_s3_bucket" "site" {
  bucket = "site"
}

resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "application"
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
}

resource "aws_security_group" "edge" {
  name = "edge"
}

# In a VPC: the security group list has one element, so the subnet list,
# unknown, is not empty either (Lambda refuses one empty and not the other).
resource "aws_lambda_function" "in_vpc" {
  function_name = "edge-in-vpc"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
  vpc_config {
    subnet_ids         = var.subnets # expect: CF307
    security_group_ids = [aws_security_group.edge.id]
  }
}

# Both lists unknown: they may both be empty.
resource "aws_lambda_function" "maybe_vpc" {
  function_name = "edge-maybe-vpc"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
  vpc_config {
    subnet_ids         = var.subnets
    security_group_ids = var.groups
  }
}

# The same reference as origin id and as target: the behavior reaches the
# origin, and CF109 applies to it. An alias on the default certificate is
# refused whatever its name.
resource "aws_cloudfront_distribution" "reached" {
  enabled = true
  aliases = [var.domain] # expect: CF502
  origin {
    origin_id   = aws_lb.api.id
    domain_name = "api.example.com"
    custom_origin_config {
      origin_protocol_policy = "match-viewer"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = aws_lb.api.id
    viewer_protocol_policy = "allow-all" # expect: CF109
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# A different reference is not known to be a different value: no CF511,
# and nothing is known to reach the match-viewer origin. A list of aliases
# of unknown length may be empty: no CF502.
resource "aws_cloudfront_distribution" "not_reached" {
  enabled = true
  aliases = var.aliases
  origin {
    origin_id   = aws_lb.api.id
    domain_name = "api.example.com"
    custom_origin_config {
      origin_protocol_policy = "match-viewer"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = aws_lb.web.id
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# Templates keep their literal pieces.
resource "aws_cloudfront_distribution" "templates" {
  enabled = true
  origin {
    origin_id   = "web"
    domain_name = "${var.bucket}.s3-website-us-east-1.amazonaws.com"
    custom_origin_config {
      origin_protocol_policy = "https-only" # expect: CF104
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "api"
    domain_name = "${var.env}.example.com:8443" # expect: CF152
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "formatted"
    domain_name = format("%s.example.com:8443", var.env) # expect: CF152
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    # nothing literal: the kind of endpoint and the format are unknown
    origin_id   = "other"
    domain_name = var.domain
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    # could be `api` (with `env` empty): silent
    target_origin_id       = "${var.env}api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.in_vpc.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_function.maybe_vpc.qualified_arn
    }
  }
  ordered_cache_behavior {
    path_pattern = "/api/*"
    # ends in `-api` whatever `env` is: no origin has such an id
    target_origin_id       = "${var.env}-api" # expect: CF511
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  ordered_cache_behavior {
    path_pattern           = "/web/*"
    target_origin_id       = format("%s-web", var.env) # expect: CF511
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  ordered_cache_behavior {
    # could be `web`: silent
    path_pattern           = "/maybe/*"
    target_origin_id       = format("%sweb", var.env)
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# A variable without a value is one value wherever it is used, and so is a
# resource attribute: each behavior below reaches its origin, and CF109
# applies. `var.other_id` may be another value: nothing is known to reach
# an origin through it, and no CF511.
resource "aws_cloudfront_distribution" "same_input" {
  enabled = true
  origin {
    origin_id   = var.origin_id
    domain_name = "api.example.com"
    custom_origin_config {
      origin_protocol_policy = "match-viewer"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = aws_s3_bucket.site.id
    domain_name = "static.example.com"
    custom_origin_config {
      origin_protocol_policy = "match-viewer"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = var.origin_id
    viewer_protocol_policy = "allow-all" # expect: CF109
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = aws_s3_bucket.site.id
    viewer_protocol_policy = "allow-all" # expect: CF109
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  ordered_cache_behavior {
    path_pattern           = "/other/*"
    target_origin_id       = var.other_id
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
