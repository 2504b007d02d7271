pub mod single_environment;
