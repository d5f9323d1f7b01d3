#!/usr/bin/env bash
# Feed parsing throughput, Newsdesk (criterion bench `newsdesk-feed/parse`) beside Python feedparser, on the
# same files (the inputs of ../shared/data/feed-rs-fixtures) in the same run. Prints MB/s (10^6 bytes/s) for
# both and the ratio. feedparser is pip-installed into a venv under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/feed-rs-fixtures}
VENV=target/bench-feeds-venv
[ -d "$DATA" ] || { echo "no $DATA: nothing to measure" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet feedparser
fi

# The same file list as crates/feed/benches/parse.rs.
FILES=$(find "$DATA"/{atom,rss0,rss1,rss2,jsonfeed,xml} -maxdepth 1 -type f ! -name '*.serde.json' 2>/dev/null | LC_ALL=C sort)
BYTES=$(cat $FILES | wc -c)

cargo bench -p newsdesk-feed --bench parse -- --noplot >/dev/null 2>&1
EST=target/criterion/feeds/parse_feed_feed-rs-fixtures/new/estimates.json
RUST_NS=$(python3 -c "import json; print(json.load(open('$EST'))['mean']['point_estimate'])")

PY_MBS=$("$VENV/bin/python" - $FILES <<'PY'
import sys, time, feedparser
datas = [open(p, 'rb').read() for p in sys.argv[1:]]
total = sum(map(len, datas))
for d in datas:  # warm-up
    feedparser.parse(d)
runs, start = 0, time.perf_counter()
while True:
    for d in datas:
        feedparser.parse(d)
    runs += 1
    elapsed = time.perf_counter() - start
    if elapsed > 5 and runs >= 3:
        break
print(total * runs / elapsed / 1e6)
PY
)
python3 - "$BYTES" "$RUST_NS" "$PY_MBS" "$(echo $FILES | wc -w)" <<'PY'
import sys
size, ns, py, n = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rust = size / (ns / 1e9) / 1e6
print(f"files: {n}, {size} bytes")
print(f"newsdesk parse_feed : {rust:8.2f} MB/s")
print(f"python feedparser   : {py:8.2f} MB/s")
print(f"ratio (newsdesk/feedparser): {rust / py:.1f}x")
PY
