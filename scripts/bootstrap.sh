#!/usr/bin/env bash
# Installs the system libraries OmniRoute builds against, when they are missing
# (Debian/Ubuntu). Safe to run again: it does nothing when all are present.
set -euo pipefail
needed=(libglpk-dev libsqlite3-dev)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6.1 or later (https://www.swift.org/install)" >&2; exit 2; }
