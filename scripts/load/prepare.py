#!/usr/bin/env python3
"""Prepares a load test: a copy of a scenario whose stock and capacity do not run
out under a long run (on-hand x SCALE, no capacity limits, no orders), and a wrk
Lua file with the scenario's carts (lines and delivery) to send round-robin."""
import json
import sys

src, scenario_out, carts_out, scale = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = json.load(open(src))
orders = s["orders"]
for row in s["inventory"]:
    row["on_hand"] = row["on_hand"] * scale
for node in s["nodes"]:
    node.pop("capacity_units", None)
s["orders"] = []
json.dump(s, open(scenario_out, "w"))

def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

with open(carts_out, "w") as f:
    f.write("carts = {\n")
    for o in orders:
        cart = {"lines": o["lines"], "delivery": o["delivery"], "channel": o["channel"],
                "customer_id": o["customer_id"], "allow_split": o.get("allow_split", True),
                "due_by": o["due_by"], "accept_partial": True}
        f.write("  " + lua_string(json.dumps(cart, separators=(",", ":"))) + ",\n")
    f.write("}\n")
print(f"{len(orders)} carts; stock x{scale}")
