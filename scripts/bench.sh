#!/usr/bin/env bash
# Every benchmark whose figures the README quotes, one after the other (each prints its own figures).
# The load benchmarks start their own servers on free ports; run this on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 OMP_WAIT_POLICY=PASSIVE
py=.venv/bin/python
echo "== machine load: $(uptime) =="
echo "== retrieval quality (dev set; hybrid vs lexical vs dense) =="
$py bench/retrieval_quality.py
echo "== zone resolution =="
$py bench/zone_resolution.py
echo "== answer path through Rasa's REST channel =="
$py -m bench.answer_path --unique
echo "== /api/chat under load (locust) =="
$py bench/chat_load.py
echo "== retrieval at scale (synthetic 30,000 chunks) =="
$py bench/retrieval_scale.py
echo "== cold start =="
$py bench/cold_start.py
