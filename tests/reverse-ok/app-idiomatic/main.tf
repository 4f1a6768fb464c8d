# Hand-written, provider-5 style: a bucket's settings and a role's policies as resources of
# their own, linked by reference. Read back, each is a property of the bucket or the role.

resource "aws_s3_bucket" "assets" {
  bucket = "cfn2tf-idiomatic-assets"

  tags = {
    team = "web"
  }
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket = aws_s3_bucket.assets.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Linked by the bucket's name rather than its id: the same bucket.
resource "aws_s3_bucket_lifecycle_configuration" "assets" {
  bucket = aws_s3_bucket.assets.bucket

  rule {
    id     = "expire-tmp"
    status = "Enabled"

    filter {
      prefix = "tmp/"
    }

    expiration {
      days = 7
    }
  }
}

resource "aws_iam_role" "reader" {
  name = "cfn2tf-idiomatic-reader"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Linked by name, as hand-written code often does: the same role.
resource "aws_iam_role_policy" "read_assets" {
  name = "read-assets"
  role = aws_iam_role.reader.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "${aws_s3_bucket.assets.arn}/*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "reader_logs" {
  role       = aws_iam_role.reader.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# A policy of its own, named by a literal role name: it stays an AWS::IAM::Policy.
resource "aws_iam_role_policy" "by_literal_name" {
  name = "list-buckets"
  role = "cfn2tf-idiomatic-reader"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:ListAllMyBuckets"
      Resource = "*"
    }]
  })

  depends_on = [aws_iam_role.reader]
}

output "bucket_arn" {
  value = aws_s3_bucket.assets.arn
}
