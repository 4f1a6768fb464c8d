# A module: its resources would be missing from the template.

module "network" {
  source = "./network"
}
