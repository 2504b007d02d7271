pub mod direct_to_instance;
