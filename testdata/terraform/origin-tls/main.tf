# Origin TLS, DNS and shape checks in Terraform: attribute references,
# dynamic blocks, variables without a value (silent), and Host forwarding
# through managed, custom and legacy settings.
variable "origin_domain" {
  type = string
}

variable "headers" {
  default = {
    "X-Origin-Verify" = "s3cr3t"
    "Via"             = "edge"
  }
}

resource "aws_lb" "app" {
  name    = "app"
  subnets = ["subnet-0a", "subnet-0b"]
}

resource "aws_acm_certificate" "origin" {
  domain_name               = "*.example.com"
  subject_alternative_names = ["example.com"]
  validation_method         = "DNS"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.app.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS-1-2-2017-01"
  certificate_arn   = aws_acm_certificate.origin.arn
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "fn.zip"
  role          = "arn:aws:iam::123456789012:role/fn"
}

resource "aws_lambda_function_url" "fn" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "NONE"
}

resource "aws_instance" "server" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
}

resource "aws_cloudfront_origin_request_policy" "custom" {
  name = "custom"
  cookies_config {
    cookie_behavior = "none"
  }
  headers_config {
    header_behavior = "allViewer"
  }
  query_strings_config {
    query_string_behavior = "none"
  }
}

data "aws_cloudfront_origin_request_policy" "all_viewer" {
  name = "Managed-AllViewer"
}

data "aws_cloudfront_origin_request_policy" "except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com", "shop.example.org"] # expect: CF103, CF502, CF502

  origin {
    origin_id   = "raw-lb-custom-policy"
    domain_name = aws_lb.app.dns_name
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "raw-lb-legacy-host"
    domain_name = aws_lb.app.dns_name
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1", "TLSv1.1"] # expect: CF105
    }
  }
  origin {
    origin_id   = "function-url"
    domain_name = aws_lambda_function_url.fn.function_url # expect: CF152
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "private"
    domain_name = aws_instance.server.private_dns # expect: CF151
    custom_origin_config {
      origin_protocol_policy = "http-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "unknown"
    domain_name = var.origin_domain
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "headers"
    domain_name = "app.example.com"
    dynamic "custom_header" {
      for_each = var.headers
      content {
        name  = custom_header.key # expect: CF512
        value = custom_header.value
      }
    }
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 22 # expect: CF108
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "raw-lb-managed-all-viewer"
    domain_name = aws_lb.app.dns_name
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "raw-lb-managed-except-host"
    domain_name = aws_lb.app.dns_name # expect: CF101
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "s3-default"
    domain_name = "api.example.com" # expect: CF510
  }

  default_cache_behavior {
    target_origin_id         = "raw-lb-custom-policy"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = aws_cloudfront_origin_request_policy.custom.id
  }
  ordered_cache_behavior {
    path_pattern           = "/legacy/*"
    target_origin_id       = "raw-lb-legacy-host"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    forwarded_values {
      query_string = false
      headers      = ["Host"]
      cookies {
        forward = "none"
      }
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/fn/*"
    target_origin_id       = "function-url"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    forwarded_values { # expect: CF515
      query_string = false
      cookies {
        forward = "none"
      }
    }
  }
  ordered_cache_behavior {
    path_pattern             = "/all/*"
    target_origin_id         = "raw-lb-managed-all-viewer"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all_viewer.id
  }
  ordered_cache_behavior {
    path_pattern             = "/except/*"
    target_origin_id         = "raw-lb-managed-except-host"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    origin_request_policy_id = data.aws_cloudfront_origin_request_policy.except_host.id
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
