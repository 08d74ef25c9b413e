#!/usr/bin/env bash
# The main job on a bundled scenario: build, plan every order with the checkout
# heuristic and with the MSI-style baseline, check both plans, show the KPIs.
#   bash scripts/demo.sh [SCENARIO]      (default: scenarios/east-medium.json)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
scenario=${1:-scenarios/east-medium.json}
swift build -c release --product omniroute >&2
bin=$(swift build -c release --show-bin-path)/omniroute
out=${OUT:-out}
mkdir -p "$out"
for strategy in greedy nearest; do
  "$bin" plan --strategy "$strategy" "$scenario" -o "$out/$strategy.json"
  "$bin" validate "$scenario" "$out/$strategy.json"
done
"$bin" summary "$out/greedy.json" --scenario "$scenario"
echo
echo "plans written to $out/; explain one order with: $bin explain $scenario ORDER_ID"
