resource "aws_vpc" "main" {
  cidr_block                           = "10.0.0.0/16"
  ipv6_cidr_block_network_border_group = "ap-northeast-2"
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = "my-site"
}
