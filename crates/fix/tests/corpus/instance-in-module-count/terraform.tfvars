project       = "redwood"
enable        = true
instance_type = "t3.large"
key_name      = "redwood-field"
zone_id       = "Z0123456789EXAMPLE"
domain        = "redwood-survey.example.com"
db_password   = "R3dwood-fieldops!"

tags = {
  Project = "redwood"
  Owner   = "field-ops"
}
