resource "aws_vpc" "main" {
  tags = {
    Name = "net-${upper("x")}"
  }
  cidr_block = "10.0.0.0/16"
}
