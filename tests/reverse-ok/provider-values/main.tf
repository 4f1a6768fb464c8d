# Hand-written Terraform that leaves to the provider what CloudFormation requires, and refers
# to resources by `id` where the provider's id is not what Ref returns.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = [aws_subnet.public.id]
}

resource "aws_route53_zone" "internal" {
  name = "internal.example.com"
  vpc {
    vpc_id = aws_vpc.main.id
  }
}

resource "aws_ecs_cluster" "apps" {
  name = "apps"
}

resource "aws_iam_role" "task" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

output "cluster" {
  value = aws_ecs_cluster.apps.id
}

output "role" {
  value = aws_iam_role.task.id
}
