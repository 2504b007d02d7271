pub mod asg_ignores_elb_health;
pub mod single_instance;
