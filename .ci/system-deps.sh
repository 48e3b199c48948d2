#!/usr/bin/env bash
# Makes sure the Debian packages the portal needs are installed: installs the missing ones with apt when
# running as root, otherwise prints the exact command and fails. Usage: system-deps.sh run|test
set -euo pipefail
need=()
# grep reads the whole list (no -q): with pipefail, an early exit would make ldconfig die of
# SIGPIPE and a library that is there would be reported missing.
have_lib() { ldconfig -p 2>/dev/null | grep "$1" >/dev/null; }

# WeasyPrint (PDF reports): Pango and HarfBuzz, and Liberation fonts for Arial's metrics.
have_lib 'libpango-1.0.so' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so' || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi 'Liberation Sans' || need+=(fonts-liberation)

if [ "${1:-run}" = "test" ]; then
  # A real PostgreSQL server for the second test pass, and Chromium for browser journeys.
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  # Java runs the Nu HTML checker (npm's vnu-jar) over every page type.
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
fi

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing missing system packages with apt: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "Missing system packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
