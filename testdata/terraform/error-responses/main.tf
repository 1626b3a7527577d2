# Custom error responses (CF450–CF452) in Terraform: a dynamic block over a
# known list, a variable without a default (Unknown, silent).
variable "ttl" {
  type = number
}

locals {
  pages = {
    "502" = "/errors/502.html"
    "503" = "/503.html"
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
  origin {
    origin_id   = "pages"
    domain_name = "error-pages.s3.us-east-1.amazonaws.com"
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  ordered_cache_behavior {
    path_pattern           = "/errors/*"
    target_origin_id       = "pages"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  dynamic "custom_error_response" {
    for_each = local.pages # expect: CF451
    content {
      error_code            = tonumber(custom_error_response.key)
      error_caching_min_ttl = 120 # expect: CF450
      response_code         = tonumber(custom_error_response.key)
      response_page_path    = custom_error_response.value
    }
  }
  custom_error_response {
    error_code            = 500
    error_caching_min_ttl = var.ttl
  }
  custom_error_response { # expect: CF452
    error_code    = 404
    response_code = 404
  }
}
