#!/usr/bin/env bash
# Runs the browser suite: installs headless Chromium, its driver, Selenium and pytest when missing,
# brings the debug build of the server up to date, then runs pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! python3 -c 'import selenium, pytest' 2>/dev/null; then
  python3 -m pip install --quiet selenium pytest 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages selenium pytest
fi
# The server under test is the package's own debug build, brought up to date (quick when it is).
if [ -z "${MARKETSIM_BIN:-}" ]; then
  build_log=$(mktemp)
  if ! (cd ../.. && swift build --product marketsim) >"$build_log" 2>&1; then
    tail -n 60 "$build_log"
    exit 1
  fi
  tail -n 1 "$build_log"
  rm -f "$build_log"
fi

exec python3 -m pytest -p no:cacheprovider -q -rs "$@"
