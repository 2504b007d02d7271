module "platform" {
  source  = "terraform-aws-modules/ec2-instance/aws"
  version = "~> 5.0"
}

resource "aws_instance" "worker" {
  ami           = "ami-12345678"
  instance_type = "t3.small"
}
