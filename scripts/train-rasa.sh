#!/usr/bin/env bash
# Train the Rasa model (bot/models/huiqi.tar.gz) when its inputs changed: bot/data, bot/config.yml,
# bot/domain.yml or the jieba domain dictionary (data/lexicon/jieba). The content hash of
# those inputs is stored beside the model (bot/models/huiqi.sha256); `--force` retrains anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rasa="$root/.venv-rasa/bin/rasa"
model_dir="$root/bot/models"
model="$model_dir/huiqi.tar.gz"
stamp="$model_dir/huiqi.sha256"

[ -x "$rasa" ] || { echo "Rasa environment missing: run 'make rasa-env' first" >&2; exit 1; }

inputs_hash() {
  # Paths relative to the repository, sorted, so the hash is the same on every clone.
  { find bot/data -type f -name '*.yml' | sort
    echo bot/config.yml; echo bot/domain.yml
    find data/lexicon/jieba -type f 2>/dev/null | sort
    echo requirements/rasa.lock
  } | while read -r f; do printf '%s  ' "$f"; sha256sum < "$f"; done | sha256sum | cut -d' ' -f1
}

# One training at a time: a second `make run` or `make test` started meanwhile waits, then finds the
# model it would have trained up to date (two had trained into the same files at once).
mkdir -p "$model_dir"
exec 9>"$model_dir/.train.lock"
flock 9 || true

want=$(inputs_hash)
if [ "${1:-}" != "--force" ] && [ -f "$model" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "Rasa model up to date ($model)"
  exit 0
fi

export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 PYTHONWARNINGS=ignore
echo "Training the Rasa model (NLU + dialogue policies; ~2 minutes on 2 cores)…"
start=$(date +%s)
cd bot
set +e
"$rasa" train --domain domain.yml --data data --config config.yml --out models --fixed-model-name huiqi \
  --num-threads 2 2>&1 \
  | stdbuf -oL tr '\r' '\n' \
  | grep --line-buffered -E "Finished training component|Your Rasa model|ERROR|Error|rror:" \
  | sed -u -E 's/^.*(Finished training component)/\1/; s/^/  [train] /'
status=${PIPESTATUS[0]}
set -e
cd "$root"
if [ "$status" -ne 0 ] || [ ! -f "$model" ]; then
  echo "Rasa training failed (exit $status)" >&2
  exit 1
fi
echo "$want" > "$stamp"
echo "Rasa model trained in $(( $(date +%s) - start )) s: $model"
