domain            = "relay.pampas.example.com"
instance_type     = "c6i.large"
key_name          = "pampas-relay"
db_instance_class = "db.t4g.medium"
