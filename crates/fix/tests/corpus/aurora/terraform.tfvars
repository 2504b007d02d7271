project         = "maplewood"
key_name        = "maplewood-admin"
master_password = "Mapl3wood-aurora-pw"
app_version     = "3.2.1"
