#!/usr/bin/env bash
# Makes sure the services the tests talk to are installed and running on this machine (Debian 12).
# Idempotent: installs only what is missing, starts only what is stopped.
set -euo pipefail

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
# Extraction: poppler renders scans, Tesseract reads them (German model), LibreOffice converts .doc/.rtf/.odt.
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/deu.traineddata ] || need_apt+=(tesseract-ocr-deu)
command -v soffice >/dev/null || need_apt+=(libreoffice-writer-nogui)
[ -x /usr/sbin/dovecot ] || need_apt+=(dovecot-imapd)
command -v chromium >/dev/null || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "ensure-services: installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "ensure-services: starting redis-server"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "ensure-services: starting postgresql"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi

for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q; then exit 0; fi
  sleep 0.2
done
echo "ensure-services: Redis or PostgreSQL did not come up" >&2
exit 1
