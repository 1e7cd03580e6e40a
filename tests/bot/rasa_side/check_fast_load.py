"""Run by tests/bot/test_rasa_fast_load.py in the Rasa environment (.venv-rasa), from bot/.

Loads the trained model as ``scripts/rasa-serve.sh`` does (huiqi_rasa.fast_load applied) and prints one
JSON object: the CPU seconds the load took, and the intent the model gives to the first training example
of each intent (entity markup removed) with its confidence.
"""

from __future__ import annotations

import asyncio
import json
import re
import resource

import yaml
from huiqi_rasa import fast_load
from rasa.core.agent import load_agent


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


applied = fast_load.apply()
examples = []
with open("data/nlu.yml", encoding="utf-8") as nlu:
    data = yaml.safe_load(nlu)
for item in data["nlu"]:
    if "intent" in item:
        first = next(line[2:] for line in item["examples"].splitlines() if line.startswith("- "))
        examples.append((item["intent"], re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", first).strip()))
start = cpu_seconds()
agent = asyncio.run(load_agent(model_path="models/huiqi.tar.gz"))
load_cpu = cpu_seconds() - start
results = []
for intent, text in examples:
    parsed = asyncio.run(agent.parse_message(text))
    results.append([text, intent, parsed["intent"]["name"], parsed["intent"]["confidence"]])
summary = {"applied": applied, "load_cpu_s": round(load_cpu, 1), "results": results}
print(json.dumps(summary, ensure_ascii=False))
