#!/usr/bin/env bash
# Installs the Debian packages sohoa needs. Idempotent: only missing packages are installed,
# and `apt-get update` runs at most once per call. Used by scripts/setup.sh and the Dockerfile.
# Usage: install-debian-packages.sh [runtime|test|bench]   (test adds the database servers and chromium;
#        bench adds ghostscript for OCRmyPDF in bench/ocr_bench.py and fonts-croscore and
#        fonts-roboto for its tuning views in faces no split uses)
set -euo pipefail
profile="${1:-runtime}"
runtime=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd fonts-freefont-ttf fonts-dejavu-core fonts-noto-core
         python3-venv ca-certificates)
test_extra=(postgresql-15 mariadb-server chromium)
bench_extra=(ghostscript fonts-croscore fonts-roboto)
pkgs=("${runtime[@]}")
[ "$profile" = test ] && pkgs+=("${test_extra[@]}")
[ "$profile" = bench ] && pkgs+=("${bench_extra[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
