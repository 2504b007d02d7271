pub mod hardcoded_secret;
pub mod secret_in_tfvars;
pub mod secret_variable_not_sensitive;
