"""What the single-strategy examples share: command-line options, signing up, and a time limit."""
from __future__ import annotations

import argparse
import asyncio
import os
import uuid

from marketsim import AsyncClient


def options(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", default=os.environ.get("MARKETSIM_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--venue", default="main", help="the venue (or tournament) to trade in")
    parser.add_argument("--seconds", type=float, default=60, help="how long to trade")
    return parser.parse_args()


async def run_single(strategy, name: str) -> None:
    arguments = options(f"The {name} example agent")
    async with AsyncClient(arguments.url, api_key=os.environ.get("MARKETSIM_API_KEY")) as client:
        if client.api_key is None:
            registration = await client.register(f"{name}-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex)
            print(f"registered {registration.username}")
        venue = client.in_venue(arguments.venue)
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(arguments.seconds, stop.set)
        await strategy(venue, stop)
        portfolio = await venue.portfolio()
        print(f"{portfolio.username}: cash {portfolio.cash}, total value {portfolio.total_value}")
