# A local module linted through its caller: the caller's arguments and its
# provider's region flow in. Linted together with the module directory, the
# module is reported once, here, not again on its own with its placeholder
# defaults.
provider "aws" {
  region = "eu-west-1" # expect: CF501
}

module "site" {
  source        = "./modules/site"
  origin_domain = "docs.s3-website-eu-west-1.amazonaws.com"
  aliases       = ["docs.example.com"]
}
