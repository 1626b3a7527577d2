# dynamic blocks: expanded over known collections; over an unknown one
# the content is checked only where it does not depend on the iterator.
variable "origins" {
  default = {
    docs = "docs.s3-website-us-east-1.amazonaws.com"
    app  = "app.example.com"
  }
}

variable "extra_origins" {
  type = map(string)
}

resource "aws_cloudfront_distribution" "web" {
  enabled = true
  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id   = origin.key
      domain_name = origin.value
      custom_origin_config {
        origin_protocol_policy = "https-only" # expect: CF104
        http_port              = 80
        https_port             = 443
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }
  dynamic "origin" {
    for_each = var.extra_origins
    iterator = extra
    content {
      origin_id   = extra.key
      domain_name = extra.value
      custom_origin_config {
        origin_protocol_policy = "https-only"
        http_port              = 80
        https_port             = 443
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  dynamic "ordered_cache_behavior" {
    for_each = ["/a/*", "/b/*"]
    content {
      path_pattern           = ordered_cache_behavior.value
      # an origin from var.extra_origins may carry this id: no finding
      target_origin_id       = "gone"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
    }
  }
}
