variable "website_domain" {}
variable "edge_arn" {}

resource "aws_cloudfront_distribution" "this" {
  enabled = true
  origin {
    origin_id   = "site"
    domain_name = var.website_domain
    custom_origin_config {
      origin_protocol_policy = "match-viewer" # expect: CF104
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = var.edge_arn
    }
  }
}
