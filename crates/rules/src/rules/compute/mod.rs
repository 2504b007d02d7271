pub mod imdsv2;
pub mod unencrypted_volume;
