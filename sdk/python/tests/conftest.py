"""Fixtures of the SDK suite: the real MarketSim server, started from the package's build on a free port
with a fresh data folder (MARKETSIM_BIN chooses another binary)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import pytest

PACKAGE = Path(__file__).resolve().parents[3]
ADMIN = ("root", "sdk-root-password")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer:
    """A `marketsim serve` process that a test may stop and start again on the same port and data."""

    def __init__(self, **environment):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = tempfile.mkdtemp(prefix="marketsim-sdk-")
        self.environment = {**os.environ, "DATA_DIR": self.data, "PORT": str(self.port), "BCRYPT_COST": "4", "BACKGROUND_TRADERS": "off",
                            "ADMIN_USERNAME": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1],
                            "TOURNAMENTS_DIR": str(PACKAGE / "tournaments"), **environment}
        self.process = None

    def start(self) -> "RunningServer":
        binary = os.environ.get("MARKETSIM_BIN") or str(PACKAGE / ".build" / "debug" / "marketsim")
        if not Path(binary).exists():
            subprocess.run(["swift", "build", "--product", "marketsim"], cwd=PACKAGE, check=True)
        log = open(Path(self.data) / "server.log", "ab")
        self.process = subprocess.Popen([binary, "serve"], env=self.environment, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError((Path(self.data) / "server.log").read_text())
            time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def wait_for_quotes(self, timeout: float = 30) -> None:
        """Waits until the market maker quotes both sides of every ticker of venue main."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            tickers = httpx.get(self.url + "/api/market/tickers", timeout=5).json()["tickers"]
            if all(q["best_bid"] is not None and q["best_ask"] is not None for q in tickers.values()):
                return
            time.sleep(0.1)
        raise RuntimeError("the market maker never quoted every ticker")

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def server():
    running = RunningServer(MARKET_MAKERS="on", MARKET_MAKER_CONFIG='{"refresh_ms":200}',
                            RATE_LIMIT_REQUESTS="100000", EQUITY_SNAPSHOT_SECONDS="1").start()
    running.wait_for_quotes()
    yield running
    running.stop()


@pytest.fixture
def name():
    return f"sdk-{uuid.uuid4().hex[:10]}"
