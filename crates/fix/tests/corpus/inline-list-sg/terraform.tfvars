app_name      = "billabong"
instance_type = "t3.small"
key_name      = "billabong-sydney"
db_password   = "b1llab0ng-crm-pw"

tags = {
  Owner      = "sales-ops"
  CostCentre = "CC-4410"
}
