pub mod redis_on_instance;
