# Modules that `terraform init` downloaded are read from
# `.terraform/modules/modules.json` like local modules, with the caller's
# inputs: the finding is in the module, at the value the caller set.
module "cdn" {
  source      = "example-org/cdn/aws"
  version     = "1.0.0"
  site_domain = "docs.s3-website-eu-west-1.amazonaws.com"
}

# not downloaded: its outputs stay Unknown, and nothing is reported on them
module "other" {
  source = "example-org/other/aws"
}

output "other_domain" {
  value = module.other.domain
}
