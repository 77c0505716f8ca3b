#!/usr/bin/env bash
# Set up (Debian packages, .venv, database servers) and run the whole test suite.
# Test files run on two processes (pytest-xdist; SOHOA_TEST_PROCESSES to change): much of the suite
# waits on servers, subprocesses and Tesseract, so two keep both cores busy. A file stays on one
# process, so its module fixtures (an ingested batch) are built once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
eval "$(scripts/start-test-servers.sh)"
exec .venv/bin/pytest -q -n "${SOHOA_TEST_PROCESSES:-2}" --dist loadfile "$@"
