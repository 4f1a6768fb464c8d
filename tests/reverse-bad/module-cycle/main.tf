# Two modules that call each other.

module "a" {
  source = "./modules/a"
}
