# A map variable without a default: its value is not known when converting.

variable "tags" {
  type = map(string)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = var.tags
}
