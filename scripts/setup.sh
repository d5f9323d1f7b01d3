#!/usr/bin/env bash
# Test setup: installs the embedding model (scripts/install-model.sh) and what the browser tests need (Debian
# `chromium` + `chromium-driver`).
# Idempotent: does nothing when both binaries are already on PATH. Uses sudo only when not root.
set -euo pipefail

# The sentence-embedding model for clustering (idempotent, hash-checked; a failure only warns).
"$(dirname "$0")/install-model.sh"

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "setup: chromium and chromedriver present ($(command -v chromedriver))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup: need root or sudo to install chromium chromium-driver" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q chromium chromium-driver
echo "setup: installed $(chromium --version 2>/dev/null | tail -n1), chromedriver $(chromedriver --version)"
