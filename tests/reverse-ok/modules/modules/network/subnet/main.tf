variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string
}

resource "aws_subnet" "this" {
  vpc_id     = var.vpc_id
  cidr_block = var.cidr
}

output "id" {
  value = aws_subnet.this.id
}
