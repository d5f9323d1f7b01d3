#!/usr/bin/env bash
# Load test for issue 7's bar: a generated store of 100,000 articles, the real server, an import running the
# whole time, and 50 concurrent clients per endpoint (front page, story page, search API, search page, then
# all four mixed), each client looping without pause over many different URLs. Prints p50/p90/p99/max and
# errors per endpoint, the server's CPU milliseconds per request in each phase, how soon imported articles
# became searchable, how many articles the import added during the measurement (and whether it ran
# throughout), the server's peak RSS and the load average. Takes ~8-10 minutes from a clean state (release
# build; generating the store, its index and its 20,000 story pages takes ~4-5 min).
#
#   scripts/load.sh                      # defaults below
#   ARTICLES=20000 PHASE_SECONDS=10 scripts/load.sh
#   KEEP=1 scripts/load.sh               # keep the generated store in $WORK afterwards
#   REUSE=1 WORK=<dir> scripts/load.sh   # use a store generated before by `load gen <dir>/data 100000`
#   SKIP_BUILD=1 scripts/load.sh         # use the load binary already built
set -euo pipefail

ARTICLES=${ARTICLES:-100000}
CLIENTS=${CLIENTS:-50}
PHASE_SECONDS=${PHASE_SECONDS:-20}
PHASES=${PHASES:-front,story,search,searchpage,mixed}
# Articles per import file, and files: enough for the import to outlast the measurement.
IMPORT_BATCH=${IMPORT_BATCH:-1000}
IMPORT_FILES=${IMPORT_FILES:-20}
WORK=${WORK:-/tmp/newsdesk-load}
PORT=${PORT:-18090}
KEEP=${KEEP:-0}

cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ]; then cargo build --release -p newsdesk-server --example load; fi
BIN=$PWD/target/release/examples/load

server_pid=""
import_pid=""
cleanup() {
    [ -n "$import_pid" ] && kill "$import_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    if [ "$KEEP" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

if [ "${REUSE:-0}" = 1 ] && [ -d "$WORK/data" ]; then
    # A store made by `load gen` earlier (and not imported into since): skip generating it.
    echo "== reusing the store in $WORK/data"
    rm -rf "$WORK/fresh"
    # Story pages not yet materialised (a store from an older build): render them before measuring.
    "$BIN" pages "$WORK/data"
else
    rm -rf "$WORK"
    mkdir -p "$WORK"
    echo "== generating $ARTICLES articles in $WORK/data"
    "$BIN" gen "$WORK/data" "$ARTICLES"
fi
for k in $(seq 0 $((IMPORT_FILES - 1))); do
    "$BIN" jsonl "$WORK/fresh/$k" "$IMPORT_BATCH" $((k * IMPORT_BATCH))
done

echo "== serving on 127.0.0.1:$PORT"
"$BIN" serve "$WORK/data" "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.2
done

echo "== importing $IMPORT_FILES x $IMPORT_BATCH articles in the background (log: $WORK/import.log)"
(
    child=""
    trap '[ -n "$child" ] && kill "$child" 2>/dev/null; exit 0' TERM
    for k in $(seq 0 $((IMPORT_FILES - 1))); do
        "$BIN" import "$WORK/data" "$WORK/fresh/$k" &
        child=$!
        wait "$child"
    done
    echo "import finished at $(date -u +%T)"
) >"$WORK/import.log" 2>&1 &
import_pid=$!
sleep 2

articles() { curl -fs "http://127.0.0.1:$PORT/api/v1/health" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p'; }
articles_before=$(articles)
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); $articles_before articles in the store"
"$BIN" bench "http://127.0.0.1:$PORT" "$CLIENTS" "$PHASE_SECONDS" "$PHASES" "$server_pid" 2>"$WORK/bench.err"
articles_after=$(articles)
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg); $articles_after articles in the store"
echo "== the import added $((articles_after - articles_before)) articles during the measurement"
if kill -0 "$import_pid" 2>/dev/null; then
    echo "== the import was still running when the measurement ended (as intended)"
else
    echo "== WARNING: the import ended before the measurement did; raise IMPORT_FILES"
fi
if [ "$articles_after" -le "$articles_before" ]; then
    echo "== WARNING: no article was imported during the measurement (see $WORK/import.log)"
fi
echo "== import files completed: $(grep -c "added" "$WORK/import.log" || true) of $IMPORT_FILES"
echo "== server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$server_pid/status")"
# Most of it is the SQLite file mapped once per pooled connection (`mmap_size`): the same page-cache pages
# counted up to four times, not memory the server owns. Anonymous memory is what it allocated itself.
echo "== server RSS now: $(awk '/RssAnon|RssFile/ {printf "%s %s %s  ", $1, $2, $3}' "/proc/$server_pid/status")"
if [ -s "$WORK/bench.err" ]; then
    echo "== failed requests (first 10):"
    head -10 "$WORK/bench.err"
fi
