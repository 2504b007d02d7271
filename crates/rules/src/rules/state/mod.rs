pub mod local_state;
pub mod state_backend_unprotected;
