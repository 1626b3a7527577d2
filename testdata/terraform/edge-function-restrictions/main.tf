# Lambda@Edge functions with settings Lambda@Edge does not support
# (CF306-CF313).

variable "edge_architecture" {
  type = string
}

variable "use_tracing" {
  type    = bool
  default = true
}

resource "aws_lambda_function" "env" {
  function_name = "edge-env"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
  # unknown before deploy: CF309 skips
  architectures = [var.edge_architecture]
  environment {
    variables = {
      STAGE = "prod" # expect: CF306
    }
  }
}

resource "aws_lambda_function" "quiet" {
  function_name = "edge-quiet"
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "edge.zip"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
  # accepted: reserved concurrency, empty VPC lists, 512 MB of /tmp
  reserved_concurrent_executions = 10
  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
  ephemeral_storage {
    size = 512
  }
}

resource "aws_lambda_function" "odd" {
  function_name      = "edge-odd"
  runtime            = "ruby3.3" # expect: CF313
  handler            = "index.handler"
  filename           = "edge.zip"
  role               = "arn:aws:iam::123456789012:role/edge"
  publish            = true
  architectures      = ["arm64"] # expect: CF309
  layers             = ["arn:aws:lambda:us-east-1:123456789012:layer:libs:2"] # expect: CF308
  source_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" # expect: CF312
  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d"] # expect: CF307
    security_group_ids = ["sg-0123456789abcdef0"]
  }
  ephemeral_storage {
    size = 1024 # expect: CF311
  }
  dynamic "tracing_config" {
    for_each = var.use_tracing ? [1] : []
    content {
      mode = "Active" # expect: CF312
    }
  }
}

resource "aws_lambda_function" "image" {
  function_name = "edge-image"
  package_type  = "Image" # expect: CF310
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/edge:latest"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
}

# not associated with any distribution: none of this matters
resource "aws_lambda_function" "backend" {
  function_name = "backend"
  runtime       = "java21"
  handler       = "example.Handler"
  filename      = "app.jar"
  role          = "arn:aws:iam::123456789012:role/app"
  architectures = ["arm64"]
  environment {
    variables = {
      TABLE = "sessions"
    }
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
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.env.qualified_arn
    }
    lambda_function_association {
      event_type = "origin-response"
      lambda_arn = aws_lambda_function.quiet.qualified_arn
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/odd/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.odd.qualified_arn
    }
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.image.qualified_arn
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
