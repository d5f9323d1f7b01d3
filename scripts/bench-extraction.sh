#!/usr/bin/env bash
# Extraction speed bench: Newsdesk vs the rs-trafilatura crate vs Python trafilatura, single thread, on the same
# decoded pages (article-extraction-benchmark + trafilatura-eval). Prints pages/s, MB/s, ratios and peak RSS.
# Also the parse-only ceilings (html5ever via scraper and dom_query; lol_html's tokenizer; tl) on the same pages:
# what any extractor standing on that parser could reach at best.
# Usage: scripts/bench-extraction.sh [shared data dir] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
ROUNDS="${2:-3}"
OUT=target/bench-extraction
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$PWD/target/bench-extraction/cargo"

cargo build --release --manifest-path bench/extraction/Cargo.toml
BIN="$CARGO_TARGET_DIR/release/newsdesk-bench-extraction"
rm -rf "$OUT/pages"
"$BIN" prepare "$DATA" "$OUT/pages"

if ! "$OUT/venv/bin/python" -c "import trafilatura" 2>/dev/null; then
    python3 -m venv "$OUT/venv"
    # lxml >= 5.2 moved the HTML cleaner (used by trafilatura's justext fallback) to its own package.
    "$OUT/venv/bin/pip" install --quiet "trafilatura==2.3.1" lxml_html_clean
fi
cat > "$OUT/bench.py" <<'PY'
import json, os, sys, time
import trafilatura
d, rounds = sys.argv[1], int(sys.argv[2])
pages = [open(os.path.join(d, f), encoding="utf-8").read() for f in sorted(os.listdir(d))]
size = sum(len(p.encode("utf-8")) for p in pages)
elapsed, cpu, out = 0.0, 0.0, 0
for _ in range(rounds):
    for p in pages:
        t, c = time.perf_counter(), time.process_time()
        text = trafilatura.extract(p)
        elapsed += time.perf_counter() - t
        cpu += time.process_time() - c
        out += len(text or "")
n = len(pages) * rounds
print(json.dumps({"tool": "python-trafilatura", "pages": n, "seconds": round(elapsed, 3),
                  "pages_per_sec": round(n / elapsed, 1), "mb_per_sec": round(size * rounds / 1e6 / elapsed, 2),
                  "cpu_seconds": round(cpu, 2), "cpu_pages_per_sec": round(n / cpu, 1), "text_bytes": out}))
PY

measure() { # name, command...: prints the tool's JSON line, then its peak RSS
    local name=$1; shift
    /usr/bin/time -v "$@" > "$OUT/$name.json" 2> "$OUT/$name.time"
    local rss
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.time")
    echo "$(cat "$OUT/$name.json") peak_rss_mb=$((rss / 1024))"
    echo "$rss" > "$OUT/$name.rss"
}
measure newsdesk "$BIN" run newsdesk "$OUT/pages" "$ROUNDS"
measure rs-trafilatura "$BIN" run rs-trafilatura "$OUT/pages" "$ROUNDS"
# An extra figure, not the goal (which is single-threaded): Newsdesk over both cores.
echo "$("$BIN" run newsdesk-threads-2 "$OUT/pages" "$ROUNDS")"
for t in parse-scraper parse-domquery tokenize-lolhtml parse-tl; do
    echo "$("$BIN" run "$t" "$OUT/pages" "$ROUNDS")"
done
# Python is slow: one round is enough for a stable figure.
measure python-trafilatura "$OUT/venv/bin/python" "$OUT/bench.py" "$OUT/pages" 1

python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
r = {t: json.load(open(f"{out}/{t}.json")) for t in ("newsdesk", "rs-trafilatura", "python-trafilatura")}
nd = r["newsdesk"]["pages_per_sec"]
for t in ("rs-trafilatura", "python-trafilatura"):
    print(f"newsdesk / {t}: {nd / r[t]['pages_per_sec']:.2f}x pages/s")
# CPU time is steadier than wall time on a shared machine (both benches report it, timed around each call).
cpu = r["newsdesk"].get("cpu_pages_per_sec")
for t in ("rs-trafilatura", "python-trafilatura"):
    if cpu and r[t].get("cpu_pages_per_sec"):
        print(f"newsdesk / {t} (CPU time): {cpu / r[t]['cpu_pages_per_sec']:.2f}x")
PY
