resource "aws_eip" "many" {
  count  = 3
  domain = "vpc"
}
