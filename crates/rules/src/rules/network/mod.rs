pub mod app_port_open;
