# Variables whose types no CloudFormation parameter holds, with defaults: fixed at them, and the
# expressions over them evaluated when converting.

variable "name" {
  type    = string
  default = "app"
}

variable "region_name" {
  type    = string
  default = "eu-west-1"
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "extra" {
  type    = any
  default = { Team = "core" }
}

variable "settings" {
  type = object({ cidr = string, public = bool, zones = list(string) })
  default = {
    cidr   = "10.0.0.0/16"
    public = true
    zones  = ["a", "b"]
  }
}

variable "amis" {
  type = map(string)
  default = {
    "eu-west-1" = "ami-0a1b2c3d4e5f60718"
    "us-east-1" = "ami-0f1e2d3c4b5a69788"
  }
}

variable "rules" {
  type = list(object({ port = number, cidr = string }))
  default = [
    { port = 80, cidr = "0.0.0.0/0" },
    { port = 443, cidr = "0.0.0.0/0" },
  ]
}

locals {
  common_tags = merge(var.tags, var.extra, { Project = var.name })
  zone_names  = [for z in var.settings.zones : "zone-${z}"]
  ports       = join(",", [for r in var.rules : tostring(r.port) if r.port != 22])
}

resource "aws_vpc" "main" {
  cidr_block           = var.settings.cidr
  enable_dns_hostnames = var.settings.public ? true : false
  tags                 = merge(var.tags, { Name = "x" })
}

resource "aws_subnet" "first" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.settings.cidr, 8, 1)
  availability_zone = "${var.region_name}${var.settings.zones[0]}"
  tags              = merge(local.common_tags, { Name = lookup(var.extra, "Team", "none") })
}

resource "aws_eip" "public" {
  count  = var.settings.public ? 1 : 0
  domain = "vpc"
}

resource "aws_eip" "tagged" {
  count  = length(var.tags) > 0 ? 1 : 0
  domain = "vpc"
}

resource "aws_instance" "web" {
  ami           = lookup(var.amis, var.region_name)
  instance_type = coalesce(try(var.extra.size, null), "t3.micro")
  subnet_id     = aws_subnet.first.id
}

output "ports" {
  value = local.ports
}

output "zones" {
  value = join(",", local.zone_names)
}

output "keys" {
  value = join(",", keys(merge(var.extra, { Billing = "x" })))
}
