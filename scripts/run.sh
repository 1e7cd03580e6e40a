#!/usr/bin/env bash
# Start the whole system under supervisord (configuration written by huiqi.supervise from huiqi.settings),
# wait until every process is healthy, print the URLs, and stop everything cleanly on Ctrl-C.
# A process that dies is restarted by supervisord; huiqi.watchdog's reports (logs/watchdog.log) are shown
# here. `make run` calls this after installing and building.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 OMP_WAIT_POLICY=PASSIVE
conf=$(.venv/bin/python -m huiqi.supervise write-config)
logs=$(.venv/bin/python -m huiqi.supervise log-dir)
touch "$logs/watchdog.log"
tail -n 0 -F "$logs/watchdog.log" 2>/dev/null &
tail_pid=$!
.venv/bin/supervisord --configuration "$conf" &
supervisord_pid=$!
stop() {
  kill -TERM "$supervisord_pid" 2>/dev/null || true
  wait "$supervisord_pid" 2>/dev/null || true
  kill "$tail_pid" 2>/dev/null || true
}
trap 'stop; exit 130' INT TERM
if ! .venv/bin/python -m huiqi.ready --watch-pid "$supervisord_pid"; then
  stop
  exit 1
fi
wait "$supervisord_pid" || true
kill "$tail_pid" 2>/dev/null || true
