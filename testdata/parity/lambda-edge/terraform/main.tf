# A Lambda@Edge function on viewer-request through a published version;
# the function's timeout is above the viewer-event limit (CF304 warning)
# and its memory above 128 MB (CF303).
data "aws_iam_policy_document" "edge_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "edge" {
  assume_role_policy = data.aws_iam_policy_document.edge_trust.json
}

data "archive_file" "edge" {
  type        = "zip"
  output_path = "${path.module}/edge.zip"
  source {
    filename = "index.js"
    content  = "exports.handler = async (e) => e.Records[0].cf.request;"
  }
}

resource "aws_lambda_function" "edge" {
  function_name = "edge"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  memory_size   = 256
  timeout       = 10
  role          = aws_iam_role.edge.arn
  filename      = data.archive_file.edge.output_path
  publish       = true
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    origin_id   = "app"
    domain_name = "app.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
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
      lambda_arn = aws_lambda_function.edge.qualified_arn
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
