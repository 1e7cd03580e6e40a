#!/usr/bin/env bash
# Rasa's conversation tests (bot/tests/test_stories.yml) against the trained model: every dialogue
# path of issue 3. Fails on any wrong intent or action prediction. Results: results/rasa/.
# Usage: scripts/rasa-test.sh            (trains first if the model is out of date)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/train-rasa.sh
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 PYTHONWARNINGS=ignore
out="$root/results/rasa"
mkdir -p "$out"
echo "Rasa conversation tests (bot/tests/test_stories.yml)…"
cd bot
set +e
"$root/.venv-rasa/bin/rasa" test core --model models/huiqi.tar.gz --stories tests/test_stories.yml \
  --fail-on-prediction-errors --out "$out" > "$out/rasa-test.log" 2>&1
rc=$?
set -e
grep -E "Finished evaluation|Correct:|Accuracy|Failed|failed|Error" "$out/rasa-test.log" | sed 's/^/  /' || true
if [ "$rc" -ne 0 ]; then
  echo "Rasa conversation tests FAILED (exit $rc); failing stories:" >&2
  cat "$out/failed_test_stories.yml" 2>/dev/null >&2 || tail -40 "$out/rasa-test.log" >&2
  exit "$rc"
fi
echo "Rasa conversation tests passed."
