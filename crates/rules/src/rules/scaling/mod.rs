pub mod single_instance;
