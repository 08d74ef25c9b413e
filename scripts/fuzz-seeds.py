#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus and their fixed scenario.

- Fuzz/Sources/FuzzSupport/FixedScenario.swift: a small cut of scenarios/northeast-small.json
  (the network the plan and request targets decode against);
- Fuzz/Corpus/scenario: small cuts of every scenario in scenarios/ and a few hand-made documents;
- Fuzz/Corpus/plan: plans of the fixed scenario (all unfulfilled, one leg an order, empty);
- Fuzz/Corpus/requests: the request examples of docs/openapi.yaml and the changes of
  scenarios/whatif/, each behind the letter that picks its decoder (see FuzzRequests);
- Fuzz/Corpus/yaml: the what-if files of scenarios/whatif/ and the fixed scenario as YAML;
- Fuzz/Corpus/*/finding-*: the inputs of past findings (docs/fuzzing.md);
- Fuzz/Dictionaries/<target>.dict: the keys and short strings of each corpus and boundary numbers,
  for libFuzzer's -dict.

Run from anywhere: python3 scripts/fuzz-seeds.py (needs PyYAML). Files are rewritten.
"""
import json
import pathlib
import shutil

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
FUZZ = ROOT / "Fuzz"
CORPUS = FUZZ / "Corpus"

# Nodes and skus of the fixed scenario: those the OpenAPI examples name, and a few more.
FIXED_NODES = ["DC-NJ-EDI", "DC-PA-ALL", "S-NY-001", "S-NY-002", "S-NY-003", "S-NY-004", "S-PA-009", "S-MA-013"]
FIXED_SKUS = [f"SKU-{k:05d}" for k in list(range(1, 17)) + [42]]
FIXED_ORDERS = 16

# The request decoders, by the first byte of an input (as in FuzzRequests.swift).
SELECTORS = {
    "quote": "q", "placeOrder": "o", "cancelOrder": "c", "release": "r", "legEvent": "e", "setStock": "s",
    "adjustStock": "a", "stockSnapshot": "n", "storeSale": "l", "startReplan": "p", "whatif": "w",
}


def cut(scenario, node_ids, sku_ids, max_orders):
    """A valid scenario with only these nodes and skus and at most `max_orders` orders."""
    nodes = [n for n in scenario["nodes"] if n["id"] in node_ids]
    kept = {n["id"] for n in nodes}
    pickup = [n["id"] for n in nodes if n["pickup"]]
    skus = [s for s in scenario["skus"] if s["id"] in sku_ids]
    sku_kept = {s["id"] for s in skus}
    orders = []
    for o in scenario["orders"]:
        lines = [line for line in o["lines"] if line["sku"] in sku_kept]
        if not lines:
            continue
        o = dict(o, lines=lines)
        if o["delivery"]["mode"] == "pickup" and o["delivery"]["pickup_node"] not in kept:
            if not pickup:
                continue
            o["delivery"] = {"mode": "pickup", "pickup_node": pickup[len(orders) % len(pickup)]}
        orders.append(o)
        if len(orders) == max_orders:
            break
    out = dict(scenario)
    out["description"] = f"cut of {scenario['name']} for the fuzzers"
    out["nodes"] = nodes
    out["skus"] = skus
    out["inventory"] = [r for r in scenario["inventory"] if r["node"] in kept and r["sku"] in sku_kept]
    out["lanes"] = [x for x in scenario.get("lanes", []) if x["from"] in kept and x["to"] in kept]
    out["orders"] = orders
    return out


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)


def compact(doc):
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False, default=str)


def fixed_scenario_swift(scenario):
    text = json.dumps(scenario, indent=1, ensure_ascii=True)
    lines = [
        "/// The scenario the plan and request fuzzers decode against: a cut of",
        "/// `scenarios/northeast-small.json` written by `scripts/fuzz-seeds.py` (do not edit).",
        "enum FixedScenario {",
        "    static let json = #\"\"\"",
        *text.splitlines(),
        "\"\"\"#",
        "}",
        "",
    ]
    assert all(len(line) <= 120 for line in lines), "a line of the fixed scenario is too long"
    return "\n".join(lines)


def plans(scenario):
    """Seed plans of the fixed scenario: their figures are approximate (the checker recomputes them)."""
    price = {s["id"]: s["price"] for s in scenario["skus"]}
    factor = scenario["policy"].get("lost_sale_factor", 1.0)
    summary = {"total_cost": 0.0, "orders": 0, "legs": 0, "units": 0, "split_orders": 0, "late_orders": 0,
               "unfulfilled_units": 0, "solve_seconds": 0.01}

    def plan(strategy, orders, total, legs, units, lost):
        s = dict(summary, total_cost=total, orders=len(orders), legs=legs, units=units, unfulfilled_units=lost)
        return {"format": "omniroute.plan/1", "scenario": scenario["name"], "strategy": strategy,
                "orders": orders, "summary": s}

    none, total, lost = [], 0.0, 0
    for o in scenario["orders"]:
        value = sum(line["qty"] * price[line["sku"]] * factor for line in o["lines"])
        cost = {"legs": 0.0, "split_penalty": 0.0, "late_penalty": 0.0, "unfulfilled": value, "total": value}
        none.append({"order": o["id"], "legs": [], "unfulfilled": o["lines"], "eta": None, "late_days": 0,
                     "cost": cost})
        total += value
        lost += sum(line["qty"] for line in o["lines"])
    yield "unfulfilled.json", plan("none", none, total, 0, 0, lost)

    legs, units = [], 0
    for o in scenario["orders"]:
        if o["delivery"]["mode"] == "ship":
            leg = {"type": "direct_to_home", "from": "DC-NJ-EDI", "service": scenario["services"][0]["id"]}
        else:
            store = o["delivery"]["pickup_node"]
            leg = {"type": "store_pickup", "from": store}
        leg.update(lines=o["lines"], eta="2026-11-25",
                   cost={"pick": 1.0, "handling": 1.5, "shipping": 7.0, "transfer": 0.0, "total": 9.5})
        cost = {"legs": 9.5, "split_penalty": 0.0, "late_penalty": 0.0, "unfulfilled": 0.0, "total": 9.5}
        legs.append({"order": o["id"], "legs": [leg], "unfulfilled": [], "eta": "2026-11-25", "late_days": 0,
                     "cost": cost})
        units += sum(line["qty"] for line in o["lines"])
    yield "one-leg.json", plan("greedy", legs, 9.5 * len(legs), len(legs), units, 0)
    yield "empty.json", plan("none", [], 0.0, 0, 0, 0)
    yield "one-order.json", plan("greedy", legs[:1], 9.5, 1, sum(x["qty"] for x in legs[0]["legs"][0]["lines"]), 0)


def change_seeds():
    """Every change kind once, and the changes of the bundled what-if files."""
    yield "kinds", [
        {"change": "close_node", "node": "S-NY-004"},
        {"change": "open_node", "nodes": ["S-NY-004"], "capacity_units": 40},
        {"change": "ship_from_store", "enabled": False, "state": "NY"},
        {"change": "pickup", "enabled": False, "node": "S-NY-003"},
        {"change": "scale_service_rates", "factor": 1.1, "service": "ground"},
        {"change": "scale_stock", "factor": 0.5, "kind": "store"},
        {"change": "scale_capacity", "factor": 2},
        {"change": "scale_demand", "factor": 1.5, "seed": 7, "jitter_km": 25, "jitter_hours": 12},
        {"change": "policy", "split_penalty": 2.5, "max_legs_per_order": None},
        {"change": "add_node", "id": "DC-NY-ALB", "like": "DC-NJ-EDI", "location": {"lat": 42.65, "lon": -73.75},
         "name": "Albany DC", "capacity_units": 500, "stock_from": "DC-PA-ALL", "stock_factor": 0.5},
    ]
    for path in sorted((ROOT / "scenarios" / "whatif").glob("*.yaml")):
        yield path.stem, yaml.safe_load(path.read_text())["changes"]


# Numbers at the edges of what the decoders and Swift's Int and Double hold.
BOUNDARY_TOKENS = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "1000000000",
                   "1000000001", "1e9", "1e15", "1e16", "1e308", "1e309", "-0", "0.1", "5e-324", "3650", "3651"]


def dictionary(folder):
    """libFuzzer dictionary lines: every key and short string of the JSON or YAML seeds in `folder`."""
    tokens = set(BOUNDARY_TOKENS)

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                tokens.add(f'"{key}"')
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value) <= 32:
            tokens.add(f'"{value}"')

    for path in sorted(folder.iterdir()):
        text = path.read_text()
        try:
            walk(yaml.safe_load(text.lstrip("qocrelsanpw") if folder.name == "requests" else text))
        except yaml.YAMLError:
            pass
    escaped = (t.replace("\\", "\\\\").replace('"', '\\"') for t in sorted(tokens))
    return "".join(f'"{t}"\n' for t in escaped if t.isascii() and t.isprintable())


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    small = json.loads((ROOT / "scenarios" / "northeast-small.json").read_text())
    fixed = cut(small, FIXED_NODES, FIXED_SKUS, FIXED_ORDERS)
    fixed["name"] = "fuzz-fixed"
    write(FUZZ / "Sources" / "FuzzSupport" / "FixedScenario.swift", fixed_scenario_swift(fixed))

    # Scenarios: cuts of every bundled scenario (first warehouses and stores, first skus).
    write(CORPUS / "scenario" / "fixed.json", compact(fixed))
    for path in sorted((ROOT / "scenarios").glob("*.json")):
        s = json.loads(path.read_text())
        warehouses = [n["id"] for n in s["nodes"] if n["kind"] == "warehouse"][:2]
        stores = [n["id"] for n in s["nodes"] if n["kind"] == "store"][:3]
        skus = [k["id"] for k in s["skus"]][:5]
        write(CORPUS / "scenario" / f"{path.stem}.json", compact(cut(s, warehouses + stores, skus, 6)))
    tiny = cut(small, ["S-NY-002"], ["SKU-00001"], 1)
    tiny.pop("services")
    tiny.pop("lanes")
    tiny["orders"] = [dict(tiny["orders"][0], delivery={"mode": "pickup", "pickup_node": "S-NY-002"})] \
        if tiny["orders"] else []
    write(CORPUS / "scenario" / "tiny.json", compact(tiny))
    write(CORPUS / "scenario" / "syntax.json",
          '{"a":[1,-0,2.5e-3,1E+2,true,false,null],"b":"\\u00e9\\ud83d\\ude00\\n\\/","c":{}}')

    for name, p in plans(fixed):
        write(CORPUS / "plan" / name, compact(p))

    spec = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    refs = spec.get("components", {}).get("examples", {})
    for ops in spec["paths"].values():
        for op in ops.values():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            letter = SELECTORS[op["operationId"]]
            content = op["requestBody"]["content"]["application/json"]
            examples = content.get("examples") or {"example": {"value": content.get("example")}}
            for key, example in examples.items():
                if "$ref" in example:
                    example = refs[example["$ref"].rsplit("/", 1)[-1]]
                body = compact(example["value"])
                write(CORPUS / "requests" / f"{op['operationId']}-{key}.json", letter + body)
    for name, changes in change_seeds():
        write(CORPUS / "requests" / f"whatif-{name}.json", "w" + compact(changes))

    for path in sorted((ROOT / "scenarios" / "whatif").glob("*.yaml")):
        write(CORPUS / "yaml" / path.name, path.read_bytes())
    write(CORPUS / "yaml" / "fixed.yaml", yaml.safe_dump(tiny, sort_keys=False))
    write(CORPUS / "yaml" / "anchors.yaml", "base: &b {lat: 40.5, lon: -74.4}\nat: *b\nlist: [*b, *b]\n")

    # The inputs of past findings (docs/fuzzing.md), so that every run starts by checking them again.
    plan = json.loads((CORPUS / "plan" / "one-order.json").read_text())
    plan["orders"][0]["legs"][0]["lines"][0]["qty"] = 2**63 - 1
    plan["orders"][0]["unfulfilled"] = [dict(plan["orders"][0]["legs"][0]["lines"][0])]
    write(CORPUS / "plan" / "finding-qty-overflow.json", compact(plan))
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefg", "bcdefgh"))
    write(CORPUS / "yaml" / "finding-alias-expansion.yaml", laughs)
    bands = json.loads((CORPUS / "scenario" / "northeast-small.json").read_text())
    bands["services"][0]["bands"][0]["max_km"] = 241.00000000000003
    bands["services"][0]["bands"][1]["max_km"] = 241.00000000000006
    write(CORPUS / "scenario" / "finding-close-bands.json", compact(bands))

    for folder in sorted(CORPUS.iterdir()):
        write(FUZZ / "Dictionaries" / f"{folder.name}.dict", dictionary(folder))

    count = sum(1 for f in CORPUS.rglob("*") if f.is_file())
    size = sum(f.stat().st_size for f in CORPUS.rglob("*") if f.is_file())
    print(f"wrote {count} seeds ({size // 1024} KB) under {CORPUS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
