# Lambda@Edge functions in and out of us-east-1 (CF302).

variable "edge_region" {
  type = string
}

provider "aws" {
  region = "eu-west-1" # expect: CF302
}

provider "aws" {
  alias  = "edge"
  region = "us-east-1"
}

provider "aws" {
  alias  = "elsewhere"
  region = var.edge_region
}

resource "aws_lambda_function" "default_provider" {
  function_name = "edge-a"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

resource "aws_lambda_function" "aliased" {
  provider      = aws.edge
  function_name = "edge-b"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

# a region only known at apply time: silent
resource "aws_lambda_function" "unknown_region" {
  provider      = aws.elsewhere
  function_name = "edge-c"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "app"
    domain_name = "app.example.com"
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.default_provider.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.aliased.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_function.unknown_region.qualified_arn
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/literal/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = "arn:aws:lambda:us-west-2:123456789012:function:legacy:7" # expect: CF302
    }
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
