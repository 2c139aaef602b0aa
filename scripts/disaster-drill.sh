#!/usr/bin/env bash
# The disaster drill (docs/operations.md): a Node deployment backed up, its machine lost, the
# backup restored on a new one and checked, then a card minted before the loss still verifies,
# its saved log proof still checks offline, and the log goes on from where it was. Runs the built
# server and CLI (npm run build first) in a folder of its own; CI runs it after the quick start.
# Each step is printed with its time; the first that fails is named, and the exit is 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# npm's Node (node_modules/.bin/node, 22 or later), whatever this machine's own node is.
export PATH="$root/node_modules/.bin:$PATH"
[ -f "$root/dist/src/node.js" ] || { echo "disaster drill: build first (npm run build)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cachet-drill-XXXXXX")
cleanup() {
  if [ -f "$work/server.pid" ]; then kill "$(cat "$work/server.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
server="http://127.0.0.1:$port"
export PORT=$port HOST=127.0.0.1 CACHET_LOG_INTERVAL_MS=100
# The machine that is lost, and the new one: nothing of the first is left for the second.
old="$work/old-machine" new="$work/new-machine"
on() { export CACHET_DB="$1/data/cachet.db" CACHET_KEYS_DIR="$1/keys"; }
cachet() { node "$root/bin/cachet.js" "$@"; }
json() { node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(eval("v."+process.argv[1]))' "$1"; }

started=$EPOCHREALTIME
step() {
  local name=$1 t0=$EPOCHREALTIME rc
  shift
  set +e
  ("$@") >"$work/step.out" 2>&1
  rc=$?
  set -e
  if [ "$rc" != 0 ]; then
    echo "disaster drill: FAILED at \"$name\" (exit $rc):"
    sed 's/^/  | /' "$work/step.out"
    # The server's last lines, while one is running (or died in this step).
    [ ! -f "$work/server.pid" ] || { echo "  server output:"; tail -20 "$work/server.log" | sed 's/^/  | /'; }
    exit 1
  fi
  awk -v n="$name" -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "  %-62s %5.1f s\n", n, b - a }'
}

start_server() {
  # Emptied first: the background job opens the log only once it runs, and until then the
  # previous server's "Press Ctrl+C" would read as this one being ready.
  : >"$work/server.log"
  node "$root/dist/src/node.js" >"$work/server.log" 2>&1 &
  echo $! >"$work/server.pid"
  for _ in $(seq 1 200); do
    grep -q 'Press Ctrl+C' "$work/server.log" && return 0
    kill -0 "$(cat "$work/server.pid")" 2>/dev/null || { echo "the server exited"; return 1; }
    sleep 0.1
  done
  echo "the server was not ready in 20 s"
  return 1
}
stop_server() {
  local pid
  pid=$(cat "$work/server.pid")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm "$work/server.pid"
}
# Waits until the server's log has placed the card in a signed checkpoint (its proof is served),
# then saves the proof as an operator would.
proof_of() {
  local served=
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$server/api/v1/proof/$1" 2>/dev/null && served=1 && break
    sleep 0.1
  done
  [ -n "$served" ] || { echo "the card was never logged"; return 1; }
  cachet log proof "$1" --server "$server" >"$2"
}

mint_card() {
  cachet mint --boutique PAR-SH --associate 101 --out "$work/cards" --json >"$work/$1.json"
  json token <"$work/$1.json" >"$work/$1.token"
}
save_proof_and_vkey() {
  proof_of "$(cat "$work/card.token")" "$work/card.tlog-proof"
  curl -fsS "$server/log/vkey" >"$work/log.vkey"
  # A monitor that follows the log from outside the machine keeps the checkpoint it saw.
  cachet log monitor "$server/log" --state "$work/monitor" --vkey "$work/log.vkey"
}
take_backup() {
  printf 'the drill passphrase, kept apart from the backup\n' >"$work/passphrase"
  chmod 600 "$work/passphrase"
  mkdir -m 700 "$work/backups"
  cachet backup "$work/backups" --with-keys --passphrase-file "$work/passphrase"
  ls -d "$work"/backups/cachet-*/ | head -1 >"$work/backup.path"
  [ -s "$work/backup.path" ] || { echo "no backup folder in $work/backups"; return 1; }
}
lose_machine() {
  rm -rf "$old"
  [ ! -e "$old" ]
}
# The backup's signature is checked under the log key in keys.enc and the vkey the monitor kept.
restore_backup() {
  cachet restore "$(cat "$work/backup.path")" --passphrase-file "$work/passphrase" \
    --log-vkey "$work/log.vkey"
}
verify_card() {
  cachet verify "$(cat "$work/card.token")" --server "$server" --json >"$work/verdict.json"
  status=$(json status <"$work/verdict.json")
  echo "card minted before the loss: $status"
  [ "$status" = authentic ]
}
verify_proof_offline() {
  cachet log verify "$(cat "$work/card.token")" --proof "$work/card.tlog-proof" --vkey "$work/log.vkey"
  # The restored server signs with the very log key the proof was checked against.
  [ "$(curl -fsS "$server/log/vkey")" = "$(cat "$work/log.vkey")" ] || {
    echo "the restored server's log key is not the one saved before the loss"
    return 1
  }
}
log_goes_on() {
  mint_card after
  proof_of "$(cat "$work/after.token")" "$work/after.tlog-proof"
  cachet verify "$(cat "$work/after.token")" --server "$server" --json | json status | grep -qx authentic
  # The monitor kept the checkpoint from before the loss: the new one must extend it.
  cachet log monitor "$server/log" --state "$work/monitor" --vkey "$work/log.vkey"
}

echo "Disaster drill in $work ($server)"
on "$old"
step "start the server (first run: key, log key, demo brand)" start_server
step "mint a card" mint_card card
step "wait until it is logged; save its proof and the log's vkey" save_proof_and_vkey
step "back up the registry and the keys (encrypted)" take_backup
step "stop the server" stop_server
step "lose the machine: its data and keys folders deleted" lose_machine
on "$new"
step "restore the backup on a new machine" restore_backup
step "check the restored registry (cachet registry check)" cachet registry check
step "start the server on the new machine" start_server
step "the card minted before the loss reads authentic" verify_card
step "its saved log proof checks offline, under the same log key" verify_proof_offline
step "a new card is minted, logged, and extends the old checkpoint" log_goes_on
step "stop the server" stop_server
awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "Disaster drill passed in %.1f s\n", b - a }'
