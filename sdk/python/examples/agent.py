"""What the single-strategy examples share: command-line options, signing up, and a time limit. Run as a
script it runs any strategy of strategies.py by name:

    python3 sdk/python/examples/agent.py breakout --url http://127.0.0.1:8080 --seconds 60
"""
from __future__ import annotations

import argparse
import asyncio
import os
import uuid
from typing import Optional

from marketsim import AsyncClient
from strategies import STRATEGIES


def options(description: str, choose_strategy: bool = False) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if choose_strategy:
        parser.add_argument("strategy", choices=sorted(STRATEGIES))
    parser.add_argument("--url", default=os.environ.get("MARKETSIM_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--venue", default="main", help="the venue (or tournament) to trade in")
    parser.add_argument("--seconds", type=float, default=60, help="how long to trade")
    return parser.parse_args()


async def run_single(strategy, name: str, arguments: Optional[argparse.Namespace] = None) -> None:
    arguments = arguments or options(f"The {name} example agent")
    async with AsyncClient(arguments.url, api_key=os.environ.get("MARKETSIM_API_KEY")) as client:
        if client.api_key is None:
            registration = await client.register(f"agent-{name}-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex)
            print(f"registered {registration.username}")
        venue = client.in_venue(arguments.venue)
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(arguments.seconds, stop.set)
        await strategy(venue, stop)
        portfolio = await venue.portfolio()
        print(f"{portfolio.username}: cash {portfolio.cash}, total value {portfolio.total_value}")


if __name__ == "__main__":
    chosen = options("An example agent running one strategy of strategies.py", choose_strategy=True)
    asyncio.run(run_single(STRATEGIES[chosen.strategy], chosen.strategy, chosen))
