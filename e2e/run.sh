#!/usr/bin/env bash
# Real-browser end-to-end test of the web UI: builds khaldun, makes the demo
# database, starts `khaldun serve` on a free loopback port, drives headless
# Chromium with playwright-core (e2e/ui.test.mjs), then stops the server.
# Screenshots go to e2e/screenshots/ (or $SCREENSHOT_DIR).
# Installs what it needs: Debian's chromium (apt-get) and e2e's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian package)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

echo "== npm ci (e2e)"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)

echo "== building khaldun"
cargo build --locked -p khaldun
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/khaldun"

WORK=$(mktemp -d)
DB="$WORK/demo.db"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== demo database"
"$BIN" --quiet demo --db "$DB" > "$WORK/demo.txt"
tail -n 5 "$WORK/demo.txt" || true

# a free port on loopback
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
echo "== khaldun serve on 127.0.0.1:$PORT"
"$BIN" serve --db "$DB" --bind "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  if node -e "fetch('http://127.0.0.1:$PORT/api/openapi.json').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/serve.log"; echo "khaldun serve died"; exit 1; fi
  sleep 0.2
done

echo "== browser test"
(cd e2e && KHALDUN_URL="http://127.0.0.1:$PORT" node --test ui.test.mjs)
echo "screenshots: ${SCREENSHOT_DIR:-e2e/screenshots}"
