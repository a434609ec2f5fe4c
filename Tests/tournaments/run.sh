#!/usr/bin/env bash
# Runs every tournament in tournaments/ with the example agents against a fresh server each (about two
# minutes). Installs the Python SDK and pytest when missing; the server is MARKETSIM_BIN, by default the
# debug build, built when missing. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! python3 -c 'import marketsim, pytest' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check ./sdk/python pytest 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages ./sdk/python pytest
fi

exec python3 -m pytest -p no:cacheprovider -q -rs Tests/tournaments "$@"
