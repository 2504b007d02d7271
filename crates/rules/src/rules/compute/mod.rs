pub mod ebs_unencrypted;
pub mod imdsv2_not_required;
pub mod instance_without_role;
