pub mod kms_key_no_rotation;
pub mod kms_key_open_to_everyone;
pub mod no_aws_config;
pub mod no_network_acls;
pub mod no_read_replica;
