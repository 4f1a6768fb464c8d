# Terraform a user writes, with the constructs that have a CloudFormation counterpart.

variable "environment" {
  description = "Deployment stage"
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "Environment must be dev or prod."
  }
}

variable "name_prefix" {
  type    = string
  default = "lab"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.name_prefix)) && length(var.name_prefix) <= 20
    error_message = "Lower-case letters, digits and dashes."
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "create_nat" {
  type    = bool
  default = false
}

variable "allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8", "192.168.0.0/16"]
}

variable "ami_parameter" {
  type    = string
  default = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

data "aws_ssm_parameter" "ami" {
  name = var.ami_parameter
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_cloudformation_export" "shared_vpc" {
  name = "shared-network-VpcId"
}

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
}

locals {
  is_prod = var.environment == "prod"
  nat     = var.create_nat && local.is_prod
  sizes = {
    dev  = { instance = "t3.micro" }
    prod = { instance = "t3.large" }
  }
  common_tags = {
    Project = "cfn2tf"
    Stage   = var.environment
  }
  vpc_cidr = "10.42.0.0/16"
}

resource "aws_vpc" "main" {
  cidr_block           = local.vpc_cidr
  enable_dns_hostnames = local.is_prod
  tags                 = merge(local.common_tags, { Name = "${var.name_prefix}-vpc" })
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnets(local.vpc_cidr, 4, 4, 4)[1]
  availability_zone = element(data.aws_availability_zones.all.names, 1)
  tags              = local.common_tags
}

data "aws_availability_zones" "all" {
  state = "available"
}

resource "aws_eip" "nat" {
  count  = local.nat ? 1 : 0
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  count         = local.nat ? 1 : 0
  subnet_id     = aws_subnet.app.id
  allocation_id = aws_eip.nat[0].allocation_id
}

resource "aws_security_group" "app" {
  name        = "${var.name_prefix}-app"
  description = "App servers in ${data.aws_partition.current.partition} account ${data.aws_caller_identity.current.account_id}"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "https from the allowed ranges"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.allowed_cidrs[0]]
  }

  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8", "172.16.0.0/12"]
  }
}

resource "aws_instance" "app" {
  ami                    = data.aws_ssm_parameter.ami.value
  instance_type          = local.sizes[var.environment]["instance"]
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = [aws_security_group.app.id]
  monitoring             = var.environment == "prod" ? true : false
  user_data_base64       = base64encode(join("\n", ["#!/bin/bash", "echo ${aws_vpc.main.id} > /etc/vpc"]))

  root_block_device {
    volume_size = 20
    encrypted   = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = data.aws_cloudformation_export.shared_vpc.value
  service_name = "com.amazonaws.${data.aws_region.here.name}.s3"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }]
  })
}

data "aws_region" "here" {}

resource "aws_instance" "legacy" {
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.app.id
}

output "nat_gateway_id" {
  description = "The NAT gateway, when there is one"
  value       = local.nat ? aws_nat_gateway.main[0].id : null
}

output "app_private_ip" {
  value = aws_instance.app.private_ip
}
