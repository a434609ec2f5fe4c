"""Starts a tournament from a definition in tournaments/ and runs a crowd of example agents in it until it
ends, then prints the final standings.

    python3 sdk/python/examples/run_tournament.py tournaments/classroom-sprint.json \
        --url http://127.0.0.1:8080 --agents 8 --start-in 3 --duration 40

Signs in as an admin (MARKETSIM_ADMIN_USERNAME / MARKETSIM_ADMIN_PASSWORD, the server's ADMIN_USERNAME and
ADMIN_PASSWORD), creates the tournament under a fresh id with the given schedule, publishes it, registers
the agents (strategies in turn: random, market maker, momentum, mean reversion, breakout), enters them, lets the
server's schedule start and end it, and prints the standings once they are frozen. Exits 1 if any agent
failed or is missing from them.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import traceback
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from marketsim import AsyncClient  # noqa: E402
from strategies import STRATEGIES  # noqa: E402


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a tournament definition (JSON)")
    parser.add_argument("--url", default=os.environ.get("MARKETSIM_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--agents", type=int, default=8)
    parser.add_argument("--start-in", type=int, default=3, help="seconds until the tournament starts")
    parser.add_argument("--duration", type=int, default=40, help="seconds the tournament runs")
    arguments = parser.parse_args()

    definition = json.loads(Path(arguments.file).read_text())
    definition["id"] = f"{definition['id']}-{uuid.uuid4().hex[:6]}"
    definition.pop("starts_at", None)
    definition.pop("ends_at", None)
    definition["starts_in_seconds"] = arguments.start_in
    definition["duration_seconds"] = arguments.duration
    definition["max_participants"] = max(definition.get("max_participants", 2), arguments.agents)
    tournament_id = definition["id"]

    async with AsyncClient(arguments.url) as admin:
        await admin.login(os.environ.get("MARKETSIM_ADMIN_USERNAME", "admin"), os.environ["MARKETSIM_ADMIN_PASSWORD"])
        await admin.create_tournament(definition)
        await admin.publish_tournament(tournament_id)
        print(f"tournament {tournament_id}: {arguments.agents} agents, starts in {arguments.start_in} s, "
              f"runs {arguments.duration} s")

        names = list(STRATEGIES)
        clients, usernames = [], []
        for index in range(arguments.agents):
            client = AsyncClient(arguments.url)
            registration = await client.register(f"agent-{names[index % len(names)]}-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex)
            await client.enter(tournament_id)
            clients.append(client)
            usernames.append(registration.username)

        while (await admin.tournament(tournament_id)).status == "open":
            await asyncio.sleep(1)
        stop = asyncio.Event()
        agents = [asyncio.create_task(STRATEGIES[names[index % len(names)]](
            client.in_tournament(tournament_id), stop, **({"seed": index} if names[index % len(names)] == "random" else {})))
            for index, client in enumerate(clients)]
        while (await admin.tournament(tournament_id)).status == "active":
            await asyncio.sleep(1)
        stop.set()
        outcomes = await asyncio.gather(*agents, return_exceptions=True)
        for client in clients:
            await client.aclose()
        failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)
                    and getattr(outcome, "code", "") != "trading_halted"]

        results = await admin.results(tournament_id)
        print(f"\nfinal standings of {tournament_id} ({'frozen' if results.final else 'live'}):")
        print(f"{'rank':>4}  {'agent':<24} {'total value':>12} {'P&L':>10} {'return %':>9} {'max dd %':>9} {'sharpe':>7}")
        for row in results.rows:
            sharpe = "" if row.sharpe is None else f"{row.sharpe:.3f}"
            print(f"{row.rank:>4}  {row.username:<24} {row.total_value:>12} {row.pnl:>10} {row.return_pct:>9} "
                  f"{row.max_drawdown_pct:>9} {sharpe:>7}")
        missing = set(usernames) - {row.username for row in results.rows}
        for failure in failures:
            trace = traceback.format_exception(type(failure), failure, failure.__traceback__)
            print("an agent failed:\n" + "".join(trace), file=sys.stderr)
        if missing or not results.final:
            print(f"missing from the standings: {sorted(missing)}", file=sys.stderr)
        return 1 if failures or missing or not results.final else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
