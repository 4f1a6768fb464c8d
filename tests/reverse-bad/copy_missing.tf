resource "aws_eip" "pair" {
  count  = 2
  domain = "vpc"
}

output "third" {
  value = aws_eip.pair[2].public_ip
}
