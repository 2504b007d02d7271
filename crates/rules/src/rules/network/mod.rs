pub mod app_port_open_to_world;
pub mod no_vpc_flow_logs;
