# A registry module: nothing to read until Terraform downloads it.

module "network" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.21.0"
}
