pub mod insecure_backend;
pub mod local_state;
