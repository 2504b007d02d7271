variable "project_name" {
  description = "Project name, used as the prefix of resource names."
  type        = string
}

variable "environment" {
  description = "Deployment environment (dev, staging, prod, ...; prod, production, prd and live count as production). prod runs at least two instances."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets of the instances, in at least two Availability Zones. Private subnets need a NAT gateway or VPC endpoints for the bootstrap (packages, SSM); in public subnets the security group admits the ALB only."
  type        = list(string)
}

variable "app_security_group_id" {
  description = "Security group of the instances."
  type        = string
}

variable "instance_profile_name" {
  description = "Instance profile of the app role; the role should carry AmazonSSMManagedInstanceCore (session_manager module) and the secrets read policy. Null: instances without a role (no Session Manager, no secrets)."
  type        = string
  default     = null
}

variable "target_group_arns" {
  description = "ALB target groups the instances register in (module.alb.target_group_arn)."
  type        = list(string)
}

variable "instance_type" {
  description = "Instance type (the stack's own)."
  type        = string
}

variable "ami_id" {
  description = "AMI to launch. Null: the latest Ubuntu 22.04 LTS from Canonical, the OS the bootstrap script is written for."
  type        = string
  default     = null
}

variable "user_data" {
  description = "Bootstrap script (plain text; the module base64-encodes it). It must not embed secrets: read them from Secrets Manager at boot (secrets module)."
  type        = string
  default     = null
}

variable "root_volume_size" {
  description = "Root volume size in GiB."
  type        = number
  default     = 30
}

variable "ebs_kms_key_arn" {
  description = "KMS key for the root volume. Null: the account's default EBS key (aws/ebs)."
  type        = string
  default     = null
}

variable "min_size" {
  description = "Minimum number of instances. Default: 2 in prod (one per AZ survives an AZ or instance failure), 1 elsewhere."
  type        = number
  default     = null
}

variable "max_size" {
  description = "Maximum number of instances. Default: 4 in prod, 2 elsewhere."
  type        = number
  default     = null
}

variable "target_cpu_percent" {
  description = "Average CPU the target tracking policy keeps the group at."
  type        = number
  default     = 60
}

variable "health_check_grace_period" {
  description = "Seconds after launch before ELB health checks count (the bootstrap installs packages and builds the app)."
  type        = number
  default     = 300
}

variable "metadata_hop_limit" {
  description = "IMDSv2 PUT response hop limit: 1 keeps the metadata service away from containers; 2 if a container on the host must use the instance role."
  type        = number
  default     = 1
}

variable "detailed_monitoring" {
  description = "1-minute EC2 metrics (faster scaling reactions; ~$2.10 per instance per month)."
  type        = bool
  default     = false
}

variable "alarm_topic_arn" {
  description = "SNS topic for the group's alarms (module.monitoring.sns_topic_arn). Null: the alarms only show in the console."
  type        = string
  default     = null
}

variable "backup_tag" {
  description = "Tag put on the instances and volumes so the backup module's tag-based selection finds them; null for none. Instances of an ASG are disposable, so backing them up mostly serves forensics and AMI recovery."
  type        = map(string)
  default     = { Backup = "true" }
}

variable "tags" {
  description = "Tags for every resource of the module (the provider's default_tags carry the common set and are copied to the instances too)."
  type        = map(string)
  default     = {}
}
