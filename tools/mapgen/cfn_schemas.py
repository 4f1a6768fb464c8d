"""Dumps cfn-lint's us-east-1 resource schemas and the GetAtt names cfn-lint accepts for each
type into one JSON file: {"cfn_lint": VERSION, "types": {TYPE: {"schema": ..., "getatts": [...]}}}.

usage: python3 cfn_schemas.py OUT.json
cfn-lint's GetAtt list is used, not readOnlyProperties alone, because some types accept every
property in GetAtt (cfnlint/schema/_getatts.py).
"""
import json
import sys

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as manager
from cfnlint.version import __version__

types = {}
for name in manager.get_resource_types("us-east-1"):
    try:
        schema = manager.get_resource_schema("us-east-1", name)
    except Exception:  # a type listed without a schema file is skipped, not guessed
        continue
    types[name] = {"schema": schema.schema, "getatts": sorted(schema.get_atts.keys())}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"cfn_lint": __version__, "types": types}, out)
