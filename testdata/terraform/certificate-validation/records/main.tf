resource "aws_route53_record" "validation" {
  zone_id = "Z123"
  name    = "_x.example.com"
  type    = "CNAME"
  ttl     = 60
  records = ["_y.acm-validations.aws"]
}
