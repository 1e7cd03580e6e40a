#!/usr/bin/env bash
# The whole test suite: lint, Rasa's conversation tests, then pytest (unit, integration, end-to-end
# against real servers, browser). Called by `make test` after everything is installed and built.
set -uo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 OMP_WAIT_POLICY=PASSIVE

# A local PostgreSQL for the tests that run against both databases.
if [ -z "${HUIQI_TEST_POSTGRES_URL:-}" ]; then
  HUIQI_TEST_POSTGRES_URL=$(bash scripts/start-postgres.sh) || { echo "PostgreSQL could not start" >&2; exit 1; }
  export HUIQI_TEST_POSTGRES_URL
fi

echo "== ruff =="
.venv/bin/ruff check . || exit 1

echo "== Rasa conversation tests =="
bash scripts/rasa-test.sh
rasa_rc=$?

echo "== pytest =="
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing, a suite that runs nothing proves nothing" >&2
  exit 1
fi
if [ "$rasa_rc" -ne 0 ]; then
  echo "Rasa conversation tests failed (see above)" >&2
  exit 1
fi
exit "$rc"
