# A viewer certificate the deploy must wait for: through the validation's
# certificate_arn or a depends_on. Everything else that cannot be known
# stays silent. The distributions hold only what this is about.

variable "certificate_arn" {
  type = string
}

variable "validation_method" {
  type = string
}

module "dns_records" {
  source = "./records"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_acm_certificate" "dns" {
  domain_name       = "example.com"
  validation_method = "DNS"
}

resource "aws_acm_certificate" "email" {
  domain_name       = "example.com"
  validation_method = "EMAIL"
}

resource "aws_acm_certificate" "counted" {
  count             = 1
  domain_name       = "example.com"
  validation_method = "DNS"
}

resource "aws_acm_certificate" "imported" {
  private_key      = "-----BEGIN PRIVATE KEY-----"
  certificate_body = "-----BEGIN CERTIFICATE-----"
}

resource "aws_acm_certificate" "private" {
  domain_name               = "example.com"
  certificate_authority_arn = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
}

resource "aws_acm_certificate" "unknown_method" {
  domain_name       = "example.com"
  validation_method = var.validation_method
}

resource "aws_acm_certificate_validation" "dns" {
  certificate_arn = aws_acm_certificate.dns.arn
}

locals {
  validated_arn = aws_acm_certificate_validation.dns.certificate_arn
  raw_arn       = aws_acm_certificate.dns.arn
}

resource "aws_cloudfront_distribution" "direct_dns" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.dns.arn # expect: CF503
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "direct_email" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.email.arn # expect: CF503
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "through_validation" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.dns.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "through_local_validation" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = local.validated_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "through_local_raw" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = local.raw_arn # expect: CF503
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "depends_on_validation" {
  enabled = true
  depends_on = [aws_acm_certificate_validation.dns]
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.dns.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "depends_on_module" {
  enabled = true
  depends_on = [module.dns_records]
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.dns.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "depends_on_other" {
  enabled = true
  depends_on = [aws_s3_bucket.logs]
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.dns.arn # expect: CF503
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "counted" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.counted[0].arn # expect: CF503
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "imported" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.imported.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "private_ca" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.private.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "variable" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "unknown_method" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate.unknown_method.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
