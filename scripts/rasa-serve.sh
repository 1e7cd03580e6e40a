#!/usr/bin/env bash
# Serve the trained Rasa model on 127.0.0.1:5005 with the project's endpoints (action server, SQL tracker
# store) and the REST channel. Runs in the Rasa environment (.venv-rasa).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
[ -f scripts/rasa-env.sh ] && source scripts/rasa-env.sh
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3
cd bot
exec ../.venv-rasa/bin/rasa run --model models --endpoints endpoints.yml --credentials credentials.yml \
  --interface 127.0.0.1 --port "${HUIQI_RASA_PORT:-5005}" --cors "*" --log-file "${HUIQI_DATA_DIR:-../var}/rasa.log"
