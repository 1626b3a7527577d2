# Every caller must set the origin: the empty default is a placeholder.
variable "origin_domain" {
  type    = string
  default = ""
}

variable "aliases" {
  type    = list(string)
  default = []
}

# created in the caller's region, eu-west-1
resource "aws_acm_certificate" "site" {
  domain_name       = "docs.example.com"
  validation_method = "DNS"
}

resource "aws_cloudfront_distribution" "this" {
  enabled = true
  aliases = var.aliases
  origin {
    origin_id   = "site"
    domain_name = var.origin_domain
    custom_origin_config {
      origin_protocol_policy = "https-only" # expect: CF104
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "site"
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
    acm_certificate_arn      = aws_acm_certificate.site.arn # expect: CF503
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
