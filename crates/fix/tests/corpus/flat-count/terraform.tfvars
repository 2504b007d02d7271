region        = "us-west-2"
name          = "tidepool"
azs           = ["us-west-2a", "us-west-2b", "us-west-2c"]
instance_type = "t3.large"
key_name      = "tidepool-ops"
app_version   = "2.14.1"
admin_email   = "ops@shop.example.org"

db_instance_class = "db.t4g.small"
db_password       = "Tidepool-Pg-2025!"
