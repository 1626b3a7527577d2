# Association shapes per cache behavior (CF315, CF316, CF350), with
# dynamic blocks.

variable "viewer_functions" {
  type    = list(string)
  default = ["viewer-request", "viewer-response"]
}

resource "aws_cloudfront_function" "rewrite" {
  name    = "rewrite"
  runtime = "cloudfront-js-2.0"
  code    = "function handler(event) { return event.request; }"
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
      event_type   = "origin-request"
      lambda_arn   = "arn:aws:lambda:us-east-1:123456789012:function:edge:3"
      include_body = true
    }
    dynamic "function_association" {
      for_each = var.viewer_functions
      content {
        event_type   = function_association.value
        function_arn = aws_cloudfront_function.rewrite.arn
      }
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/mixed/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    lambda_function_association {
      event_type   = "origin-response"
      lambda_arn   = "arn:aws:lambda:us-east-1:123456789012:function:edge:3"
      include_body = true # expect: CF316
    }
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:auth:1"
    }
    function_association {
      event_type   = "viewer-response" # expect: CF315
      function_arn = aws_cloudfront_function.rewrite.arn
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/origin-function/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    function_association {
      event_type   = "origin-response" # expect: CF350
      function_arn = aws_cloudfront_function.rewrite.arn
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
