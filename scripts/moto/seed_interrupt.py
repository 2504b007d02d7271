"""Helpers for live-smoke.sh's interrupted `verify --exercise restore`.

  seed_interrupt.py DB      creates database DB and an "answer" rule that keeps
                            every restored copy (tfready-restore-*) "creating"
  seed_interrupt.py --copies  prints the ids of the restored copies that exist
  seed_interrupt.py --clear   removes the fault rules

Runs against AWS_ENDPOINT_URL (scripts/with-moto.sh sets it), with boto3 from
the venv moto lives in.
"""

import json
import os
import sys
import urllib.request

import boto3

FAULTS = os.environ["AWS_ENDPOINT_URL"] + "/_tfready/faults"
RDS = boto3.client("rds", region_name="us-east-1")

CREATING = (
    '<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
    "<DescribeDBInstancesResult><DBInstances><DBInstance>"
    "<DBInstanceIdentifier>copy</DBInstanceIdentifier><DBInstanceStatus>creating</DBInstanceStatus>"
    "</DBInstance></DBInstances></DescribeDBInstancesResult>"
    "<ResponseMetadata><RequestId>tfready</RequestId></ResponseMetadata>"
    "</DescribeDBInstancesResponse>"
)


def seed(db):
    RDS.create_db_instance(
        DBInstanceIdentifier=db, Engine="postgres", DBInstanceClass="db.t3.micro",
        AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-real-password-1",
    )
    rule = {
        "service": "rds", "action": "DescribeDBInstances", "resource": "tfready-restore-",
        "error": "answer",
        "answer": {"status": 200, "content_type": "text/xml", "body": CREATING},
    }
    body = json.dumps({"rules": [rule]}).encode()
    urllib.request.urlopen(urllib.request.Request(FAULTS, data=body, method="POST")).read()


def copies():
    found = RDS.describe_db_instances()["DBInstances"]
    print(" ".join(d["DBInstanceIdentifier"] for d in found
                   if d["DBInstanceIdentifier"].startswith("tfready-restore-")))


def clear():
    urllib.request.urlopen(urllib.request.Request(FAULTS, method="DELETE")).read()


if __name__ == "__main__":
    arg = sys.argv[1]
    if arg == "--copies":
        copies()
    elif arg == "--clear":
        clear()
    else:
        seed(arg)
