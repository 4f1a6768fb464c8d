variable "cidr" {
  type = string
}

variable "name" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = { Team = "net" }
}

locals {
  name = "${var.name}-vpc"
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
  tags       = merge(var.tags, { Name = local.name, Module = path.module })
}

module "subnet" {
  source = "./subnet"

  vpc_id = aws_vpc.this.id
  cidr   = "10.0.1.0/24"
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "subnet_id" {
  value = module.subnet.id
}
