# CloudFront Functions: publishing, size from a local file, KeyValueStore
# runtime (CF351-CF353).

resource "aws_cloudfront_function" "unpublished" {
  name    = "unpublished"
  runtime = "cloudfront-js-2.0"
  publish = false # expect: CF351
  code    = "function handler(event) { return event.request; }"
}

resource "aws_cloudfront_function" "big" {
  name    = "big"
  runtime = "cloudfront-js-2.0"
  code    = file("${path.module}/big.js") # expect: CF352
}

resource "aws_cloudfront_function" "stores" {
  name                         = "stores"
  runtime                      = "cloudfront-js-1.0" # expect: CF353
  code                         = "function handler(event) { return event.request; }"
  key_value_store_associations = [aws_cloudfront_key_value_store.redirects.arn]
}

resource "aws_cloudfront_key_value_store" "redirects" {
  name = "redirects"
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
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.unpublished.arn
    }
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.stores.arn
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
