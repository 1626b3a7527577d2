# Execution roles of Lambda@Edge functions (CF314): trust policies from a
# policy document data source and a JSON string.

data "aws_iam_policy_document" "lambda_only" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "edge" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda_only" { # expect: CF314
  name               = "lambda-only"
  assume_role_policy = data.aws_iam_policy_document.lambda_only.json
}

resource "aws_iam_role" "edge" {
  name               = "edge"
  assume_role_policy = data.aws_iam_policy_document.edge.json
}

resource "aws_iam_role" "string" {
  name               = "string"
  assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"edgelambda.amazonaws.com\",\"lambda.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}"
}

resource "aws_lambda_function" "a" {
  function_name = "a"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = aws_iam_role.lambda_only.arn
  publish       = true
}

resource "aws_lambda_function" "b" {
  function_name = "b"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = aws_iam_role.edge.arn
  publish       = true
}

resource "aws_lambda_function" "c" {
  function_name = "c"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = aws_iam_role.string.arn
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
      lambda_arn = aws_lambda_function.a.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.b.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_function.c.qualified_arn
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
