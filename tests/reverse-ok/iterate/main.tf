# count and for_each over collections known at conversion time: one resource per element.

variable "zones" {
  type = map(object({ cidr = string, az = string }))
  default = {
    "public-a" = { cidr = "10.0.1.0/24", az = "eu-west-1a" }
    "public-b" = { cidr = "10.0.2.0/24", az = "eu-west-1b" }
  }
}

variable "env" {
  type    = string
  default = "dev"
}

variable "create_nat" {
  type    = bool
  default = true
}

locals {
  private = ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"]
  groups  = toset(["web", "api"])
  ports   = [80, 443]
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# for_each over a map of objects: each.key and each.value.attr.
resource "aws_subnet" "public" {
  for_each          = var.zones
  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value.cidr
  availability_zone = each.value.az
  tags = {
    Name = "${var.env}-${each.key}"
  }
}

# count over length(local list): count.index.
resource "aws_subnet" "private" {
  count      = length(local.private)
  vpc_id     = aws_vpc.main.id
  cidr_block = local.private[count.index]
  tags = {
    Name = "private-${count.index}"
  }
}

# count over a literal.
resource "aws_route_table" "private" {
  count  = 3
  vpc_id = aws_vpc.main.id
}

# count over another resource's copies, indexing both.
resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# for_each over another resource's copies: each.value is the copy.
resource "aws_route_table" "public" {
  for_each = aws_subnet.public
  vpc_id   = aws_vpc.main.id
  tags = {
    Subnet = each.value.id
  }
}

# c ? n : 0 with c a parameter: n copies under a condition.
resource "aws_eip" "nat" {
  count  = var.create_nat ? 2 : 0
  domain = "vpc"
}

# for_each over a set, with a dynamic block over a local list.
resource "aws_security_group" "tier" {
  for_each    = local.groups
  name        = "${each.key}-sg"
  description = "${each.key} tier"
  vpc_id      = aws_vpc.main.id

  dynamic "ingress" {
    for_each = local.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

output "private_ids" {
  value = join(",", aws_subnet.private[*].id)
}

output "public_ids" {
  value = join(",", [for s in aws_subnet.public : s.id])
}

output "first_public" {
  value = values(aws_subnet.public)[0].id
}

output "web_group" {
  value = aws_security_group.tier["web"].id
}

output "public_route_tables" {
  value = join(",", values(aws_route_table.public)[*].id)
}
