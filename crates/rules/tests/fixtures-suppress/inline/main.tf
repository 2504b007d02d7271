resource "aws_security_group" "app" {
  name = "app"
  # tfready:ignore app-port-open-to-world demo port, closed after the launch (JIRA-7)
  ingress {
    from_port   = 4000
    to_port     = 4000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 5173
    to_port     = 5173
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# tfready:ignore ssh-open bastion module is reached through the VPN only
module "net" {
  source = "./modules/net"
}

# tfready:ignore ssh-open until=2001-01-01 expired long ago
resource "aws_security_group" "old" {
  name = "old"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
