#!/usr/bin/env bash
# One set-up for a fresh Debian machine (run as root): Debian packages, then a .venv with pinned
# Python dependencies. Safe to re-run. Usage: scripts/setup.sh [runtime|test]
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-runtime}"
scripts/install-debian-packages.sh "$profile"
if [ ! -x .venv/bin/python ]; then
  python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
extras=""
[ "$profile" = test ] && extras="[test]"
.venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -e ".${extras}" 2>&1 \
  | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import sohoa, ocr, flows, storage, extraction, classifiers" \
  || { echo "setup: the sohoa packages do not import" >&2; exit 1; }
