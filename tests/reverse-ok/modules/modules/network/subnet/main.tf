variable "vpc_id" {
  type = string
}

variable "cidr" {
  type = string

  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "The CIDR must be a CIDR block."
  }
}

resource "aws_subnet" "this" {
  vpc_id     = var.vpc_id
  cidr_block = var.cidr
}

output "id" {
  value = aws_subnet.this.id
}
