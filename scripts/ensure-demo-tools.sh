#!/usr/bin/env bash
# Everything real replies need beyond npm packages, from Debian/Ubuntu packages: LibreOffice Writer (headless) to
# convert .doc, .odt and .rtf attachments, poppler and Tesseract with its German model to read scanned letters, and
# redis-server if no Redis answers (the demo then starts a private one). Idempotent: installs only what is missing,
# and says at the end what is in place. Needs root or sudo only when something is missing.
set -euo pipefail

has_german_ocr() {
  command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx deu
}

need_apt=()
command -v soffice >/dev/null || need_apt+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
has_german_ocr || need_apt+=(tesseract-ocr-deu)
if ! (command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1); then
  command -v redis-server >/dev/null || need_apt+=(redis-server)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "ensure-demo-tools: missing ${need_apt[*]}; run this script as root (or install sudo)" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  echo "ensure-demo-tools: installing ${need_apt[*]} (LibreOffice takes a few minutes the first time)"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

missing=()
command -v soffice >/dev/null || missing+=(soffice)
command -v pdftoppm >/dev/null || missing+=(pdftoppm)
has_german_ocr || missing+=("tesseract (deu)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-demo-tools: still missing after installing: ${missing[*]}" >&2
  exit 1
fi
echo "ensure-demo-tools: soffice, pdftoppm and tesseract (deu) are in place"
