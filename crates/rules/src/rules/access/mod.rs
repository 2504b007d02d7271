pub mod ssh_key_pair;
pub mod ssh_open;
