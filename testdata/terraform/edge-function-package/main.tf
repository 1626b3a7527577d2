# Lambda@Edge package sizes (CF305) measured from local files. Every
# package here is either small (edge.zip beside this file is a real
# 275-byte zip) or cannot be measured, so nothing is reported: a size
# edgelint cannot know is never a finding. tests/package_size.rs makes
# packages above the limits.

variable "package" {
  type = string
}

# measured: the real zip beside this file, however the path is written
resource "aws_lambda_function" "module_path" {
  function_name = "edge-module-path"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "${path.module}/edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

resource "aws_lambda_function" "plain_path" {
  function_name = "edge-plain-path"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

# built at plan time: not on disk before, so not measured
data "archive_file" "edge" {
  type        = "zip"
  source_file = "${path.module}/index.js"
  output_path = "${path.module}/build/edge-archive.zip"
}

resource "aws_lambda_function" "archive" {
  function_name = "edge-archive"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = data.archive_file.edge.output_path
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

# a folder, a file not there, a path not known before deploy: not measured
resource "aws_lambda_function" "folder" {
  function_name = "edge-folder"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = path.module
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

resource "aws_lambda_function" "missing" {
  function_name = "edge-missing"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/missing.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

resource "aws_lambda_function" "input" {
  function_name = "edge-input"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = var.package
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

# in S3: nothing local names the package
resource "aws_lambda_function" "in_s3" {
  function_name = "edge-in-s3"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  s3_bucket     = "artifacts"
  s3_key        = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

locals {
  # one behavior each, on a viewer event (the 1 MB warning threshold)
  functions = {
    module_path = aws_lambda_function.module_path.qualified_arn
    plain_path  = aws_lambda_function.plain_path.qualified_arn
    archive     = aws_lambda_function.archive.qualified_arn
    folder      = aws_lambda_function.folder.qualified_arn
    missing     = aws_lambda_function.missing.qualified_arn
    input       = aws_lambda_function.input.qualified_arn
  }
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
      lambda_arn = aws_lambda_function.in_s3.qualified_arn
    }
  }
  dynamic "ordered_cache_behavior" {
    for_each = local.functions
    content {
      path_pattern           = "/${ordered_cache_behavior.key}/*"
      target_origin_id       = "app"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
      lambda_function_association {
        event_type = "viewer-request"
        lambda_arn = ordered_cache_behavior.value
      }
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
