#!/usr/bin/env bash
# Source this before running the Rasa server: it exports what bot/endpoints.yml reads
# (action server URL, SQL tracker store) as derived from huiqi.settings (HUIQI_* variables),
# and turns Rasa's telemetry and TensorFlow's log noise off.
#   source scripts/rasa-env.sh && (cd bot && ../.venv-rasa/bin/rasa run ...)
_huiqi_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "${HUIQI_DATA_DIR:-$_huiqi_root/var}"
eval "$("$_huiqi_root/.venv/bin/python" -m bot.runtime)"
unset _huiqi_root
