"""The real MarketSim server for the client suites: the package's debug build (or MARKETSIM_BIN) on a free
port with a fresh data folder, its market maker quoting, and an administrator to halt trading with."""
from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
ADMIN = ("root", "clients-root-password")


class Server:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # A relative MARKETSIM_BIN is read from the package's folder, as the README's commands give it.
        self.binary = str(PACKAGE / os.environ.get("MARKETSIM_BIN", ".build/debug/marketsim"))
        self.data = tempfile.mkdtemp(prefix="marketsim-clients-")
        environment = {**os.environ, "DATA_DIR": self.data, "PORT": str(self.port), "BCRYPT_COST": "4",
                       "ADMIN_USERNAME": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1], "BACKGROUND_TRADERS": "off",
                       "MARKET_MAKERS": "on", "MARKET_MAKER_CONFIG": '{"refresh_ms":200}',
                       "RATE_LIMIT_REQUESTS": "100000"}
        self.log = Path(self.data) / "server.log"
        self.process = subprocess.Popen([self.binary, "serve"], env=environment,
                                        stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                tickers = httpx.get(self.url + "/api/market/tickers", timeout=1).json()["tickers"]
                if all(q["best_bid"] is not None and q["best_ask"] is not None for q in tickers.values()):
                    return
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            time.sleep(0.2)
        raise RuntimeError("the server did not start quoting")

    def api(self, method: str, path: str, key: str | None = None, **kwargs) -> httpx.Response:
        headers = {"X-API-Key": key} if key else {}
        return httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def register(self) -> dict:
        """A new user with a trade key (the registration key) and a read-only key."""
        name = "u" + uuid.uuid4().hex[:12]
        user = self.api("POST", "/api/register", json={"username": name, "password": "secret-pass"}).json()
        read = self.api("POST", "/api/keys", user["api_key"], json={"name": "reader", "scope": "read"}).json()
        return {**user, "read_key": read["api_key"]}

    def admin_key(self) -> str:
        token = self.api("POST", "/api/login", json={"username": ADMIN[0], "password": ADMIN[1]}).json()["jwt_token"]
        created = httpx.post(self.url + "/api/keys", headers={"Authorization": f"Bearer {token}"},
                             json={"name": "admin", "scope": "admin"}, timeout=30)
        return created.json()["api_key"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def server():
    running = Server()
    yield running
    running.stop()
