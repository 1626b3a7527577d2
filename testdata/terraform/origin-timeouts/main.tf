# Origin timeouts and connection settings (CF401–CF404): a variable
# without a default is Unknown and silent; a conditional with a known
# condition takes its branch.
variable "read_timeout" {
  type = number
}

variable "fast" {
  type    = bool
  default = true
}

locals {
  keepalive = 200
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    origin_id           = "unknown"
    domain_name         = "a.example.com"
    connection_attempts = 3
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = var.read_timeout
    }
  }

  origin {
    origin_id                   = "bad"
    domain_name                 = "b.example.com"
    connection_attempts         = var.fast ? 5 : 3 # expect: CF403
    connection_timeout          = 11 # expect: CF403
    custom_origin_config {
      origin_protocol_policy   = "https-only"
      http_port                = 80
      https_port               = 443
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 0 # expect: CF401
      origin_keepalive_timeout = local.keepalive # expect: CF402
    }
  }

  origin {
    origin_id                   = "vpc"
    domain_name                 = "internal.example.com"
    response_completion_timeout = 100 # expect: CF404
    vpc_origin_config {
      vpc_origin_id            = "vo_123"
      origin_read_timeout      = 150 # expect: CF401
      origin_keepalive_timeout = 0 # expect: CF402
    }
  }

  default_cache_behavior {
    target_origin_id       = "unknown"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
}
