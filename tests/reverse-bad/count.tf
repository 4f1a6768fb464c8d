resource "aws_eip" "many" {
  count  = var.copies
  domain = "vpc"
}

variable "copies" {
  type    = number
  default = 3
}
