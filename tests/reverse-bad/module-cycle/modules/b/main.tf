resource "aws_sns_topic" "t" {}

module "a" {
  source = "../a"
}
