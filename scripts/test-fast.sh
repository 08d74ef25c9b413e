#!/usr/bin/env bash
# Runs the fast test suite: every test but those tagged `.slow` (exact-engine scenario
# runs, brute-force agreement on many scenarios, subprocess servers, crash recovery).
# `swift test` filters by name, not by tag, so the slow tests also carry the condition
# `.skippedWhenFast` (OmniRouteTestSupport/Tags.swift), which OMNIROUTE_SKIP_SLOW=1 sets.
# Builds first; `--skip-build` reuses the last build. Other arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
skip_build=0
args=()
for a in "$@"; do
    if [ "$a" = "--skip-build" ]; then skip_build=1; else args+=("$a"); fi
done
if [ "$skip_build" = 0 ]; then
    bash scripts/bootstrap.sh
    swift build --build-tests
fi
OMNIROUTE_SKIP_SLOW=1 exec swift test --skip-build "${args[@]+"${args[@]}"}"
