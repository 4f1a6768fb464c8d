resource "aws_subnet" "per_zone" {
  for_each   = toset(var.zones)
  vpc_id     = "vpc-123"
  cidr_block = "10.0.0.0/24"
}

variable "zones" {
  type    = list(string)
  default = ["a", "b"]
}
