variable "key_name" {
  description = "Name of an existing EC2 key pair for SSH access to the instances"
  type        = string
}

variable "image_id" {
  description = "AMI for both instances"
  type        = string
  default     = "ami-12c6146b"
}
