"""Every tournament in tournaments/, run the way the README tells a new user to: a fresh server with an admin,
the example run_tournament.py creating, publishing and running it with its crowd of example agents, and a
student who signs up, enters, and buys and sells a share of every ticker while it runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import httpx
import pytest
from marketsim import Client, MarketSimError

from conftest import ADMIN, EXAMPLES, PACKAGE

TOURNAMENTS = sorted((PACKAGE / "tournaments").glob("*.json"))
START_IN = 8  # seconds: long enough for the agents and the student to sign up and enter
DURATION = 25  # seconds of trading
STUDENT_WAITS = 8  # seconds of trading before the student trades, so that the market has settled
AGENTS = 8


def test_the_shipped_tournaments_are_found():
    assert TOURNAMENTS, f"no tournament definitions in {PACKAGE / 'tournaments'}"


class Watch:
    """What the market showed while the tournament traded: which tickers had a bid and an ask at once."""

    def __init__(self, tickers):
        self.two_sided = {ticker: False for ticker in tickers}
        self.samples = 0

    def sample(self, client: Client) -> None:
        for ticker, quote in client.quotes().items():
            if not quote.halted:
                self.samples += 1
                if quote.best_bid is not None and quote.best_ask is not None:
                    self.two_sided[ticker] = True


def student_round_trips(student: Client, tickers) -> list:
    """A new user buys one share of each ticker and sells it again, at market and with limit orders at the
    prices the book shows. Returns what went wrong."""
    problems = []
    for ticker in tickers:
        try:
            bought = student.buy(ticker, 1)
            if bought.status != "filled":
                problems.append(f"{ticker}: a market buy of one share came back {bought.status}")
                continue
            sold = student.sell(ticker, 1)
            if sold.status != "filled":
                problems.append(f"{ticker}: a market sell of the share bought came back {sold.status}")
            quote = student.ticker(ticker)
            if quote.best_ask is None:
                problems.append(f"{ticker}: no ask to buy at with a limit order")
                continue
            bought = student.buy(ticker, 1, quote.best_ask)
            if bought.status != "filled":
                student.cancel_order(bought.order_id)
                continue
            quote = student.ticker(ticker)
            sold = student.sell(ticker, 1, quote.best_bid if quote.best_bid is not None else bought.price)
            if sold.status == "cancelled":
                problems.append(f"{ticker}: a limit sell of the share bought came back cancelled")
        except MarketSimError as refused:
            problems.append(f"{ticker}: the student was refused: {refused}")
    return problems


@pytest.mark.parametrize("definition", TOURNAMENTS, ids=lambda path: path.stem)
def test_a_shipped_tournament_runs_with_the_example_agents_and_a_new_student(definition, server, tmp_path):
    environment = {**os.environ, "MARKETSIM_ADMIN_USERNAME": ADMIN[0], "MARKETSIM_ADMIN_PASSWORD": ADMIN[1]}
    agents_errors = tmp_path / "agents.stderr"
    with open(agents_errors, "w") as errors:
        agents = subprocess.Popen(
            [sys.executable, "-u", str(EXAMPLES / "run_tournament.py"), str(definition), "--url", server.url,
             "--agents", str(AGENTS), "--start-in", str(START_IN), "--duration", str(DURATION)],
            env=environment, stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        announcement = agents.stdout.readline()
        assert announcement.startswith("tournament "), announcement + agents_errors.read_text()
        tournament_id = announcement.split()[1].rstrip(":")

        student = Client(server.url)
        student.register(f"student-{uuid.uuid4().hex[:8]}", "a-student-password")
        student.enter(tournament_id)
        market = student.in_tournament(tournament_id)
        tickers = market.tournament(tournament_id).tickers
        watch = Watch(tickers)
        student_problems = None
        trading_since = None
        deadline = time.time() + START_IN + DURATION + 60
        while agents.poll() is None:
            assert time.time() < deadline, "run_tournament.py did not finish"
            if trading_since is None and market.tournament(tournament_id).status == "active":
                trading_since = time.time()
            watch.sample(market)
            if student_problems is None and trading_since and time.time() - trading_since >= STUDENT_WAITS:
                student_problems = student_round_trips(market, tickers)
            time.sleep(1)
        output = agents.stdout.read()
    finally:
        if agents.poll() is None:
            agents.kill()
        agents.wait()
    errors = agents_errors.read_text()

    admin = Client(server.url)
    admin.login(*ADMIN)
    activity = admin.in_venue(tournament_id).agents()["agents"]
    market_maker = [a for a in activity if a["market_maker"]]
    background = [a for a in activity if a["background_trader"]]
    examples = [a for a in activity if not a["market_maker"] and a["username"].startswith("agent-")]
    untraded = [ticker for ticker in tickers
                if httpx.get(f"{server.url}/api/venues/{tournament_id}/market/{ticker}").json()["volume"] == 0]

    problems = []
    # The script writes to stderr only when something went wrong, such as an agent that died.
    if agents.returncode != 0 or errors.strip():
        problems.append(f"run_tournament.py answered {agents.returncode}: an agent failed or the run went wrong")
    if trading_since is None or watch.samples == 0:
        problems.append("the tournament was never seen trading")
    if untraded:
        problems.append(f"no trade in {untraded}")
    problems += [f"{ticker}: never a bid and an ask at once" for ticker, seen in watch.two_sided.items() if not seen]
    problems += student_problems if student_problems is not None else ["the student never traded"]
    if json.loads(definition.read_text())["venue"].get("market_makers") and len(market_maker) != 1:
        problems.append(f"expected the venue's market maker among the accounts, found {len(market_maker)}")
    problems += [f"the venue's market maker had orders refused: {a['rejections']}" for a in market_maker
                 if set(a["rejections"]) - {"trading_halted"}]
    population = json.loads(definition.read_text())["venue"].get("background_traders")
    if population and len(background) != sum(population.get(style, {}).get("count", default)
                                              for style, default in [("noise", 4), ("value", 3), ("momentum", 2)]):
        problems.append(f"expected the venue's background traders among the accounts, found {len(background)}")
    # A trader may meet the venue's limits or a halt; never a price off the grid or an order it cannot pay for.
    problems += [f"{a['username']}, a background trader, had orders refused: {a['rejections']}" for a in background
                 if set(a["rejections"]) & {"price_off_tick", "insufficient_cash", "insufficient_shares"}]
    if len(examples) != AGENTS:
        problems.append(f"expected {AGENTS} example agents trading, found {len(examples)}")
    problems += [f"{a['username']} sent prices off the tick grid" for a in examples
                 if "price_off_tick" in a["rejections"]]

    # The news a definition schedules for the start of trading was published in the venue.
    opening = [event["headline"] for event in json.loads(definition.read_text())["venue"].get("events", [])
               if event["kind"] == "news" and event.get("at_seconds") == 0]
    published = [item.headline for item in market.news()]
    problems += [f"the opening news never appeared: {headline}" for headline in opening if headline not in published]

    refusals = "\n".join(f"  {a['username']}: {a['rejections']}" for a in activity)
    assert problems == [], (f"{definition.name}:\n" + "\n".join(problems) + f"\n\nrefusals by account:\n{refusals}"
                            f"\n\nrun_tournament.py:\n{output}\n{errors}")
