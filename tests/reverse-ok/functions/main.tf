# Functions known at conversion time, or with an honest counterpart.

variable "name" {
  type    = string
  default = ""
}

variable "create_topic" {
  type    = bool
  default = true
}

variable "password" {
  type      = string
  sensitive = true
}

variable "rules" {
  type    = any
  default = ["r1", "r2"]
}

variable "settings" {
  type    = map(string)
  default = { size = "small" }
}

locals {
  queue_name = coalesce(var.name, "jobs")
  size       = try(var.settings.size, "large")
  color      = try(var.settings.color, "blue")
  suffix     = format("%s-%d", trimsuffix("jobs.fifo", ".fifo"), 2)
  rules      = try(jsondecode(var.rules), var.rules)
  checks     = alltrue([startswith("jobs", "jo"), endswith("jobs", "bs"), strcontains("jobs", "ob")])
}

resource "aws_sns_topic" "alerts" {
  count = var.create_topic ? 1 : 0
  name  = "alerts"
}

resource "aws_sqs_queue" "jobs" {
  name = local.queue_name
  tags = {
    Size    = local.size
    Color   = local.color
    Suffix  = local.suffix
    Checks  = tostring(local.checks)
    Can     = tostring(can(var.settings.missing))
    Replace = replace("a-b-c", "-", "_")
    Slice   = join(",", slice(["a", "b", "c"], 1, 3))
    Topic   = try(aws_sns_topic.alerts[0].arn, "none")
    Rules   = join("+", local.rules)
    Format  = format("%s-%d%%", var.name, 5)
    Decided = tostring(var.create_topic && length(local.rules) > 5)
  }
}

resource "aws_db_instance" "db" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = nonsensitive(var.password)
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data = templatefile("${path.module}/boot.sh.tftpl", {
    queue = aws_sqs_queue.jobs.name
    ports = [80, 443]
  })
}

output "topic_arn" {
  value = try(aws_sns_topic.alerts[0].arn, null)
}
