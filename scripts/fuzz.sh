#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each for a while on a working copy of its corpus.
#
#   bash scripts/fuzz.sh [TARGET ...] [--time SECONDS]
#
# TARGET is scenario, plan, requests or yaml (default: all four); SECONDS per target (default 60).
# Prints the executions of each run. Exits 1 on any crash, leaving the input that crashed under
# Fuzz/artifacts/<target>/ (git-ignored) and printing its path; 2 on a usage or build error.
# Reproduce a crash: Fuzz/.build/debug/Fuzz<Target> <crash file>. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(scenario plan requests yaml)
seconds=60
targets=()
while (($#)); do
  case "$1" in
    --time)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --time needs a whole number of seconds" >&2; exit 2; }
      seconds=$2
      shift 2
      ;;
    -h | --help)
      sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    scenario | plan | requests | yaml) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown target or option '$1' (targets: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")

# The product of a target: scenario → FuzzScenario, yaml → FuzzYAML.
product() {
  case "$1" in
    yaml) echo FuzzYAML ;;
    *) echo "Fuzz${1^}" ;;
  esac
}

scratch=Fuzz/.build
work=Fuzz/work
artifacts=Fuzz/artifacts

mkdir -p "$work"
for t in "${targets[@]}"; do
  p=$(product "$t")
  echo "== building $p (debug, fuzzer + address sanitizers)"
  # --sanitize=fuzzer alone would keep one sanitizer: the -Xswiftc pair asks for both.
  if ! swift build --package-path Fuzz --scratch-path "$scratch" -c debug --product "$p" \
    --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address >"$work/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$work/build.log" | tail -40 >&2
    echo "fuzz.sh: building $p failed (full log: $work/build.log)" >&2
    exit 2
  fi
  [[ -x "$scratch/debug/$p" ]] || { echo "fuzz.sh: the build left no $scratch/debug/$p" >&2; exit 2; }
done

status=0
summary=()
for t in "${targets[@]}"; do
  p=$(product "$t")
  corpus="$work/$t"
  crashes="$artifacts/$t"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$crashes"
  cp Fuzz/Corpus/"$t"/* "$corpus"/
  log="$work/$t.log"
  echo "== fuzzing $t for ${seconds}s (corpus: $corpus, log: $log)"
  set +e
  # -seed: the same mutations on every run (FUZZ_SEED=0 lets libFuzzer pick one); -timeout: one
  # input running longer is a hang (a finding); -rss_limit_mb: so is a blow-up.
  # Swift's own backtracer can hang here and keeps libFuzzer from writing the crashing input.
  SWIFT_BACKTRACE=enable=no \
  "$scratch/debug/$p" "$corpus" -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 \
    -dict="Fuzz/Dictionaries/$t.dict" -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o '^stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if ((rc != 0)); then
    status=1
    found=$(grep -o "Test unit written to .*" "$log" | sed 's/^Test unit written to //' | tail -1 || true)
    grep -E "fuzz finding|Fatal error|ERROR: (libFuzzer|AddressSanitizer)|SUMMARY" "$log" | head -5 >&2 || true
    echo "!! $t: a crash, hang or blow-up after $runs executions (exit $rc); input: ${found:-see $log}" >&2
    echo "   reproduce: $scratch/debug/$p ${found:-<input>}" >&2
    summary+=("$t: CRASH after $runs executions -> ${found:-$log}")
  else
    echo "== $t: $runs executions, $rate exec/s, no crash"
    summary+=("$t: $runs executions ($rate exec/s), no crash")
  fi
done

echo "== fuzz summary (${seconds}s a target)"
printf '   %s\n' "${summary[@]}"
exit "$status"
