#!/usr/bin/env bash
# Runs the browser suite: installs headless Chromium, its driver, Selenium and pytest when missing,
# builds the server when there is no binary, then runs pytest. Extra arguments go to pytest.
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
  (cd ../.. && swift build --product marketsim)
fi

exec python3 -m pytest -p no:cacheprovider -q -rs "$@"
