# count and for_each instances, referenced by index and key.
resource "aws_lb" "web" {
  count           = 2
  name            = "web-${count.index}"
  security_groups = [aws_security_group.web[count.index].id]
}

resource "aws_security_group" "web" {
  count = 2
  name  = "web-${count.index}"
  ingress {
    from_port   = count.index == 0 ? 443 : 80
    to_port     = count.index == 0 ? 443 : 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lambda_function" "edge" {
  for_each      = toset(["viewer", "origin"])
  function_name = "edge-${each.key}"
  runtime       = "nodejs20.x"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
  memory_size   = each.key == "viewer" ? 256 : 1024 # expect: CF303
}

resource "aws_cloudfront_distribution" "web" {
  enabled = true
  dynamic "origin" {
    for_each = aws_lb.web
    content {
      origin_id   = "lb-${origin.key}"
      domain_name = origin.value.dns_name
      custom_origin_config {
        origin_protocol_policy = "https-only"
        http_port              = 80
        https_port             = 443
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }
  origin {
    origin_id   = "second"
    domain_name = aws_lb.web[1].dns_name # expect: CF101
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443 # expect: CF202
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "second"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = aws_lambda_function.edge["viewer"].qualified_arn
    }
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.edge["origin"].qualified_arn
    }
  }
}
