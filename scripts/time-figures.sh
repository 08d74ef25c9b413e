#!/usr/bin/env bash
# Figures of planning in time (a benchmark, not a test): on the calendar scenarios, every
# strategy (exact with a limit of EXACT_SECONDS, default 60), then the same
# scenarios with their inbound stock removed, to show how many lost sales inbound promises
# turn into later deliveries; every plan checked by the reference checker when ../shared is
# there. Release build. Writes out/time/report.md.
#   bash scripts/time-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build -c release --scratch-path "${SCRATCH:-.build}" >/dev/null
bin="${SCRATCH:-.build}/release/omniroute"
out=out/time
rm -rf "$out" && mkdir -p "$out"
checker=../shared/tools/validate_plan.py
strategies="greedy nearest fewest-splits myopic-exact exact"
exact_seconds=${EXACT_SECONDS:-60}
{
  echo "# Planning in time ($(date -u +%F), $(nproc) cores, release build)"
  echo
  echo "| scenario | strategy | total cost | bound | late orders | unfulfilled units | legs | time | reference checker |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$out/report.md"
for name in northeast-calendar east-thanksgiving; do
  python3 - "scenarios/time/$name.json" "$out/$name-no-inbound.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s.pop("inbound", None)
s["name"] += "-no-inbound"
json.dump(s, open(sys.argv[2], "w"))
PY
  for scenario in "scenarios/time/$name.json" "$out/$name-no-inbound.json"; do
    label=$(basename "$scenario" .json)
    for strategy in $strategies; do
      plan="$out/$label.$strategy.json"
      limit=()
      if [ "$strategy" = exact ]; then limit=(--time-limit "$exact_seconds"); fi
      "$bin" plan "$scenario" --strategy "$strategy" "${limit[@]}" -o "$plan" 2>"$out/$label.$strategy.err" >/dev/null
      verdict="not run (no ../shared)"
      if [ -f "$checker" ]; then verdict=$(python3 "$checker" "$scenario" "$plan" | tail -1 | cut -d, -f1,4,5 || true); fi
      python3 - "$plan" "$label" "$strategy" "$verdict" >>"$out/report.md" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["summary"]
bound = f"{p['bound']:.2f}" if "bound" in p else ""
print(f"| {sys.argv[2]} | {sys.argv[3]} | {p['total_cost']:.2f} | {bound} | {p['late_orders']} | "
      f"{p['unfulfilled_units']} | {p['legs']} | {p['solve_seconds']:.3f} s | {sys.argv[4]} |")
PY
    done
  done
done
cat "$out/report.md"
