resource "aws_subnet" "per_zone" {
  for_each   = toset(["a", "b"])
  vpc_id     = "vpc-123"
  cidr_block = "10.0.0.0/24"
}
