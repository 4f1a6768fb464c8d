resource "aws_vpc" "main" {
  tags = {
    Name = "net-${upper(var.env)}"
  }
  cidr_block = "10.0.0.0/16"
}

# A parameter: upper() of it is only known at deploy time.
variable "env" {
  type = string
}
