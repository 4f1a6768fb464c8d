# Hand-written Terraform that leaves to the provider what CloudFormation requires, refers to
# resources by `id` where the provider's id is not what Ref returns, and writes older spellings:
# `vpc = true` on an EIP, inline routes in attribute syntax with "" for unset fields.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
}

# The deprecated spelling of domain = "vpc".
resource "aws_eip" "nat" {
  vpc = true
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

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route = [
    {
      cidr_block                = "0.0.0.0/0"
      gateway_id                = aws_internet_gateway.igw.id
      nat_gateway_id            = ""
      vpc_peering_connection_id = ""
      ipv6_cidr_block           = ""
    },
  ]
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]
}

resource "aws_instance" "web" {
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.public.id
}

resource "aws_eks_cluster" "demo" {
  name     = "demo"
  role_arn = aws_iam_role.task.arn

  vpc_config {
    subnet_ids = [aws_subnet.public.id]
  }
}

resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.demo.name
  node_group_name = "general"
  node_role_arn   = aws_iam_role.task.arn
  subnet_ids      = [aws_subnet.public.id]

  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}
