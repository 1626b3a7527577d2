# Provisioned concurrency on the published version or the alias a
# Lambda@Edge association names (CF312); a configuration on another alias
# is silent.
resource "aws_lambda_function" "edge" {
  function_name = "edge-rewrite"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

resource "aws_lambda_provisioned_concurrency_config" "version" {
  function_name                     = aws_lambda_function.edge.function_name
  qualifier                         = aws_lambda_function.edge.version
  provisioned_concurrent_executions = 5 # expect: CF312
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.edge.function_name
  function_version = aws_lambda_function.edge.version
}

resource "aws_lambda_alias" "canary" {
  name             = "canary"
  function_name    = aws_lambda_function.edge.function_name
  function_version = aws_lambda_function.edge.version
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2 # expect: CF312
}

resource "aws_lambda_provisioned_concurrency_config" "canary" {
  function_name                     = aws_lambda_function.edge.function_name
  qualifier                         = aws_lambda_alias.canary.name
  provisioned_concurrent_executions = 1
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
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/live/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    lambda_function_association {
      event_type = "origin-request"
      # an alias is refused whatever it holds (CF301)
      lambda_arn = aws_lambda_alias.live.arn # expect: CF301
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
