# Origin groups (CF420–CF422): a variable without a default is Unknown and
# silent.
variable "codes" {
  type = list(number)
}

variable "methods" {
  type    = list(string)
  default = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin { # expect: CF407
    origin_id   = "primary"
    domain_name = "assets-a.s3.us-east-1.amazonaws.com"
  }
  origin {
    origin_id   = "secondary"
    domain_name = "assets-b.s3.us-west-2.amazonaws.com"
  }
  origin_group {
    origin_id = "unknown-codes"
    failover_criteria {
      status_codes = var.codes
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "secondary"
    }
  }
  origin_group {
    origin_id = "bad"
    failover_criteria {
      status_codes = [500, 502, 429] # expect: CF421
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "unknown-codes" # expect: CF422
    }
  }
  default_cache_behavior { # expect: CF420
    target_origin_id       = "unknown-codes"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = var.methods
    cached_methods         = ["GET", "HEAD"]
  }
  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "primary"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = var.methods
    cached_methods         = ["GET", "HEAD"]
  }
}
