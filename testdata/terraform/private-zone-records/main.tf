# An origin reached through a record's `fqdn` or `name` is that record: CF150
# when only a private hosted zone holds it (a relative name included),
# silent when a public zone holds the name too.
resource "aws_route53_zone" "private" {
  name = "corp.example.com"
  vpc {
    vpc_id = "vpc-0123456789abcdef0"
  }
}

resource "aws_route53_zone" "public" {
  name = "corp.example.com"
}

resource "aws_route53_record" "api" { # expect: CF150
  zone_id = aws_route53_zone.private.zone_id
  name    = "api"
  type    = "A"
  ttl     = 300
  records = ["10.0.12.7"]
}

resource "aws_route53_record" "admin" { # expect: CF150
  zone_id = aws_route53_zone.private.zone_id
  name    = "admin.corp.example.com"
  type    = "A"
  ttl     = 300
  records = ["10.0.12.8"]
}

resource "aws_route53_record" "www_private" {
  zone_id = aws_route53_zone.private.zone_id
  name    = "www.corp.example.com"
  type    = "A"
  ttl     = 300
  records = ["10.0.12.9"]
}

resource "aws_route53_record" "www_public" {
  zone_id = aws_route53_zone.public.zone_id
  name    = "www.corp.example.com"
  type    = "CNAME"
  ttl     = 300
  records = ["web-edge.example.net"]
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "api"
    domain_name = aws_route53_record.api.fqdn
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "admin"
    domain_name = aws_route53_record.admin.name
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "web"
    domain_name = aws_route53_record.www_private.fqdn
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  ordered_cache_behavior {
    path_pattern           = "/admin/*"
    target_origin_id       = "admin"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  ordered_cache_behavior {
    path_pattern           = "/web/*"
    target_origin_id       = "web"
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
