resource "aws_eip" "many" {
  count  = 100000
  domain = "vpc"
}
