#!/usr/bin/env bash
# Serve the trained Rasa model on 127.0.0.1:5005 with the project's endpoints (action server, SQL tracker
# store) and the REST channel. Runs in the Rasa environment (.venv-rasa).
# Scale-out (docs/operations.md): with HUIQI_LOCK_STORE_URL=redis://host:port/db the endpoints get a
# Redis lock store (written to $HUIQI_DATA_DIR/endpoints.yml), so several Rasa servers sharing one
# PostgreSQL tracker store (HUIQI_DATABASE_URL) can serve the same conversations.
# Where it listens and the API token come from huiqi.settings (HUIQI_RASA_HOST, HUIQI_RASA_PORT,
# HUIQI_RASA_TOKEN) through scripts/rasa-env.sh (RASA_INTERFACE, RASA_PORT, RASA_AUTH_TOKEN).
# The HTTP API is on (the web app's /healthz reads /status: is a model loaded?); when Rasa listens beyond
# loopback, set HUIQI_RASA_TOKEN so that the API (not the REST channel) requires ?token=….
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=/dev/null
source scripts/rasa-env.sh
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3
data_dir="${HUIQI_DATA_DIR:-$root/var}"
mkdir -p "$data_dir"

endpoints="$root/bot/endpoints.yml"
if [ -n "${HUIQI_LOCK_STORE_URL:-}" ]; then
  endpoints="$data_dir/endpoints.yml"
  { cat "$root/bot/endpoints.yml"; echo
    "$root/.venv/bin/python" - <<'PY'
from urllib.parse import unquote, urlsplit

from huiqi.settings import get_settings

url = urlsplit(get_settings().lock_store_url)
if url.scheme not in ("redis", "rediss") or not url.hostname:
    raise SystemExit(f"HUIQI_LOCK_STORE_URL 应为 redis://主机:端口/库号，实际为 {url.geturl()!r}")
print("# Added by scripts/rasa-serve.sh from HUIQI_LOCK_STORE_URL: conversation locks shared in Redis.")
print("lock_store:\n  type: redis")
print(f"  url: {url.hostname}\n  port: {url.port or 6379}\n  db: {url.path.strip('/') or 1}")
print("  key_prefix: huiqi")
if url.password:
    print(f"  password: {unquote(url.password)}")
if url.scheme == "rediss":
    print("  use_ssl: true")
PY
  } > "$endpoints.tmp"
  mv "$endpoints.tmp" "$endpoints"
fi

api=(--enable-api)
[ -n "${RASA_AUTH_TOKEN:-}" ] && api+=(--auth-token "$RASA_AUTH_TOKEN")

cd bot
# huiqi_rasa.serve is `rasa` with bot/huiqi_rasa/fast_load.py applied: the model loads without tracing
# its training graph (a restart after a crash answers again in about a third of the time).
exec ../.venv-rasa/bin/python -m huiqi_rasa.serve run --model models --endpoints "$endpoints" --credentials credentials.yml \
  --interface "$RASA_INTERFACE" --port "$RASA_PORT" --cors "*" "${api[@]}" \
  --log-file "$data_dir/rasa.log"
