"""Runs the mean reversion strategy of strategies.py against a MarketSim server.

    python3 sdk/python/examples/mean_reversion.py --url http://127.0.0.1:8080 --seconds 60

It registers a new user (or uses MARKETSIM_API_KEY) and trades in venue main (or --venue) until the time is up,
then prints its portfolio.
"""
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agent import run_single  # noqa: E402
from strategies import mean_reversion  # noqa: E402

if __name__ == "__main__":
    asyncio.run(run_single(mean_reversion, "mean_reversion"))
