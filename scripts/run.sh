#!/usr/bin/env bash
# Start the whole system under honcho (Procfile), wait until every process is healthy, print the URLs,
# and stop everything cleanly on Ctrl-C. `make run` calls this after installing and building.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 OMP_WAIT_POLICY=PASSIVE
mkdir -p "${HUIQI_DATA_DIR:-var}"
.venv/bin/honcho -f Procfile start &
honcho_pid=$!
stop() { kill -TERM "$honcho_pid" 2>/dev/null || true; wait "$honcho_pid" 2>/dev/null || true; }
trap 'stop; exit 130' INT TERM
if ! .venv/bin/python -m huiqi.ready --timeout "${HUIQI_START_TIMEOUT:-240}" --watch-pid "$honcho_pid"; then
  stop
  exit 1
fi
wait "$honcho_pid"
