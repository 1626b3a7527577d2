# A static site served from an S3 website endpoint over HTTPS (CF104).
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

  origin {
    origin_id   = "website"
    domain_name = "docs.s3-website-us-east-1.amazonaws.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
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
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abcd"
    ssl_support_method  = "sni-only"
  }
}
