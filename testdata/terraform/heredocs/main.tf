# Heredocs end only on a line that holds their marker alone: the lines
# `EOF"` and `  JS;` below are text, and the file is linted.
resource "null_resource" "sync" {
  provisioner "local-exec" {
    command = <<EOF
sh -c "cat > /tmp/nginx.conf <<EOF
listen 80;
EOF"
EOF
  }
}

resource "aws_cloudfront_function" "rewrite" {
  name    = "rewrite"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = <<-JS
    function handler(event) {
      var request = event.request;
      JS;
      return request;
    }
    JS
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "web"
    domain_name = "site.s3-website-us-east-1.amazonaws.com"
    custom_origin_config {
      origin_protocol_policy = "https-only" # expect: CF104
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.rewrite.arn
    }
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
