# A configuration calling a local module, which calls one of its own.

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

module "network" {
  source = "./modules/network"

  cidr = var.cidr
  name = "demo"
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  subnet_id     = module.network.subnet_id
}

output "vpc_id" {
  value = module.network.vpc_id
}
