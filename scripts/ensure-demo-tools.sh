#!/usr/bin/env bash
# What the demo needs beyond npm packages, from Debian: poppler and Tesseract (German) to read the scanned letter,
# and redis-server if no Redis answers (the demo then starts a private one). Idempotent; installs only what is missing.
set -euo pipefail

need_apt=()
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/deu.traineddata ] || need_apt+=(tesseract-ocr-deu)
if ! (command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1); then
  command -v redis-server >/dev/null || need_apt+=(redis-server)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "ensure-demo-tools: installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
