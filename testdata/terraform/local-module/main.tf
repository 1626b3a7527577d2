# A local module evaluated with its inputs: the finding points into the
# module, at the value that came from the caller.
module "cdn" {
  source         = "./modules/cdn"
  website_domain = "docs.s3-website-eu-west-1.amazonaws.com"
  edge_arn       = aws_lambda_function.edge.qualified_arn
}

module "remote" {
  source = "terraform-aws-modules/cloudfront/aws"
}

resource "aws_lambda_function" "edge" {
  provider      = aws.us_east_1
  function_name = "edge"
  runtime       = "nodejs20.x"
  role          = "arn:aws:iam::123456789012:role/edge"
  publish       = true
  timeout       = 60 # expect: CF304
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}
