# A reusable module: the placeholder default is not what is deployed.
variable "site_domain" {
  type    = string
  default = "example.com"
}

module "origin" {
  source = "./modules/origin"
}

resource "aws_cloudfront_distribution" "this" {
  enabled = true
  origin {
    origin_id   = "site"
    domain_name = var.site_domain
    custom_origin_config {
      origin_protocol_policy = "https-only" # expect: CF104
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "api"
    domain_name = module.origin.domain # expect: CF152
    custom_origin_config {
      origin_protocol_policy = "https-only"
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
    cloudfront_default_certificate = true
  }
}
