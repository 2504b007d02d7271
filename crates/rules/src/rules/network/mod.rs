pub mod app_port_open;
pub mod no_flow_logs;
