# Origin-group members with the same domain and path give no redundancy
# (CF422, info); a different path
# is silent.

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "primary"
    domain_name = "assets.example.com"
    connection_attempts = 1
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "secondary"
    domain_name = "assets.example.com"
    connection_attempts = 1
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "archive"
    domain_name = "assets.example.com"
    origin_path = "/archive"
    connection_attempts = 1
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin_group {
    origin_id = "same"
    failover_criteria {
      status_codes = [503]
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "secondary" # expect: CF422
    }
  }
  origin_group {
    origin_id = "other-path"
    failover_criteria {
      status_codes = [503]
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "archive"
    }
  }
  default_cache_behavior {
    target_origin_id       = "same"
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
