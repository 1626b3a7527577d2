# The origin's protocol policy comes from a variable: --var or --var-file
# decides whether CloudFront speaks HTTPS to an S3 website endpoint.
variable "origin_policy" {
  default = "http-only"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "website"
    domain_name = "docs.s3-website-us-east-1.amazonaws.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = var.origin_policy
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "website"
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
