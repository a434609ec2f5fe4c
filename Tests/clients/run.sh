#!/usr/bin/env bash
# Runs the suites of real third-party clients against the real server: the `mcp` package's client (over
# Streamable HTTP and over `marketsim mcp` on stdio) and `alpaca-py`'s TradingClient, StockHistoricalDataClient and
# TradingStream (at /alpaca, and examples/alpaca_strategy.py run as a script). Installs the pinned clients and pytest
# when missing and brings the debug build up to date unless MARKETSIM_BIN names a binary. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements.txt 2>/dev/null \
  || python3 -m pip install --quiet --break-system-packages -r requirements.txt
if [ -z "${MARKETSIM_BIN:-}" ]; then
  (cd ../.. && swift build --product marketsim)
fi

exec python3 -m pytest -p no:cacheprovider -q -rs "$@"
