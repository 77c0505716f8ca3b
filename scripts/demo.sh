#!/usr/bin/env bash
# The main job on a fresh machine: set up, generate a sample batch, ingest it, show states, export.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh runtime
export SOHOA_HOME="${SOHOA_HOME:-$PWD/.sohoa}"
batch_dir="${1:-$SOHOA_HOME/samples/batch-01}"
rm -rf "$batch_dir"
.venv/bin/sohoa samples "$batch_dir" --count "${SOHOA_DEMO_COUNT:-12}" --seed 1
.venv/bin/sohoa ingest "$batch_dir" --batch demo-01
.venv/bin/sohoa status demo-01
.venv/bin/sohoa export --batch demo-01 --format jsonl -o "$SOHOA_HOME/demo-01.jsonl"
