#!/usr/bin/env bash
# Set up (Debian packages, .venv, database servers) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
eval "$(scripts/start-test-servers.sh)"
exec .venv/bin/pytest -q "$@"
