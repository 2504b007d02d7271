pub mod no_config;
pub mod no_nacl;
pub mod no_read_replica;
