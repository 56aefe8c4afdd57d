#!/usr/bin/env bash
# Ingest throughput of `khaldun worker` processes against PostgreSQL.
#
#   scripts/bench-workers.sh URL WORKERS [COPIES] [RUNS]
#
# URL names a PostgreSQL server's maintenance database (e.g.
# postgres://postgres@127.0.0.1:54329/postgres); each run drops and creates
# the database `khaldun_bench` on it. The input is COPIES (default 10) copies
# of the bundled VOA sample (89 articles), ids made unique and publication
# dates shifted by 400 days a copy, queued with `ingest --enqueue`; then
# WORKERS workers run until the queue is empty. Prints articles/s for each of
# RUNS runs (default 3) and their median. KHALDUN_BIN: the binary
# (default target/release/khaldun).
set -euo pipefail
url=$1
workers=$2
copies=${3:-10}
runs=${4:-3}
bin=${KHALDUN_BIN:-target/release/khaldun}
here=$(cd "$(dirname "$0")/.." && pwd)
input=$(mktemp /tmp/khaldun-bench-XXXXXX.jsonl)
trap 'rm -f "$input"' EXIT
python3 - "$here/fixtures/voa-stories.jsonl" "$copies" > "$input" <<'PY'
import json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
for k in range(int(sys.argv[2])):
    for r in rows:
        r = dict(r)
        r["id"] = f'{r["id"]}-c{k}'
        r["url"] = f'{r["url"]}?copy={k}'
        d = datetime.datetime.strptime(r["published"][:10], "%Y-%m-%d") - datetime.timedelta(days=400 * k)
        r["published"] = d.strftime("%Y-%m-%d") + r["published"][10:]
        print(json.dumps(r))
PY
n=$(wc -l < "$input")
base=${url%/*}
rates=()
for run in $(seq "$runs"); do
  psql -q "$url" -c "DROP DATABASE IF EXISTS khaldun_bench" -c "CREATE DATABASE khaldun_bench"
  db="$base/khaldun_bench"
  "$bin" -q ingest --db "$db" --enqueue "$input"
  start=$(date +%s.%N)
  pids=()
  for w in $(seq "$workers"); do
    "$bin" -q worker --db "$db" --exit-when-empty --name "bench$w" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  stored=$(psql -tA "$db" -c "SELECT count(*) FROM articles")
  events=$(psql -tA "$db" -c "SELECT count(*) FROM events")
  rate=$(python3 -c "print(f'{$n / ($end - $start):.1f}')")
  echo "run $run: $workers worker(s), $n articles queued, $stored stored, $events events, $(python3 -c "print(f'{$end - $start:.1f}')") s, $rate articles/s"
  rates+=("$rate")
done
python3 -c "import statistics,sys; print(f'median: {statistics.median(map(float, sys.argv[1:])):.1f} articles/s')" "${rates[@]}"
