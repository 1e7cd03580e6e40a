#!/usr/bin/env bash
# NLU report: train the NLU pipeline on 80 % of the NLU data in bot/data/ (nlu.yml, nlu_matching.yml) (stratified by intent, fixed seed)
# and evaluate on the held-out 20 %, plus an extra set of sentences written apart from the training
# data (bot/tests/nlu_holdout.yml). Writes results/nlu-report/ and prints the table quoted in
# docs/nlu-report.md. ~3–5 minutes on 2 idle cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rasa="$root/.venv-rasa/bin/rasa"
out="$root/results/nlu-report"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=0 PYTHONWARNINGS=ignore
rm -rf "$out" && mkdir -p "$out"
cd bot
echo "Splitting the NLU data of bot/data/ 80/20 (seed 7)…"
"$rasa" data split nlu --nlu data --training-fraction 0.8 --random-seed 7 --out "$out/split" >/dev/null 2>&1
echo "Training NLU on the 80 %…"
"$rasa" train nlu --config config.yml --nlu "$out/split/training_data.yml" --out "$out/model" \
  --fixed-model-name nlu-split >"$out/train.log" 2>&1
for set in split:"$out/split/test_data.yml" holdout:tests/nlu_holdout.yml; do
  name=${set%%:*}; file=${set#*:}
  echo "Evaluating on $name ($file)…"
  "$rasa" test nlu --model "$out/model/nlu-split.tar.gz" --nlu "$file" --out "$out/$name" \
    --no-plot >"$out/$name.log" 2>&1
done
cd "$root"
.venv/bin/python - "$out" <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
for name in ("split", "holdout"):
    report = json.loads((out / name / "intent_report.json").read_text())
    print(f"\n### {name}: accuracy {report['accuracy']:.3f}, macro F1 {report['macro avg']['f1-score']:.3f}, "
          f"weighted F1 {report['weighted avg']['f1-score']:.3f}\n")
    print("| intent | precision | recall | F1 | n |\n|---|---|---|---|---|")
    for intent, row in sorted(report.items()):
        if isinstance(row, dict) and "support" in row and intent not in ("macro avg", "weighted avg", "micro avg"):
            print(f"| {intent} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1-score']:.2f} | {row['support']} |")
PY
