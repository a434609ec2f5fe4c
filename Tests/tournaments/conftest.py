"""Fixtures of the shipped-tournament suite: the example agents on the import path, and a fresh MarketSim
server per test (SQLite in a temporary folder, a free port, an admin).

Environment:
  MARKETSIM_BIN   the server binary (default: .build/debug/marketsim, built with `swift build` if missing)
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
EXAMPLES = PACKAGE / "sdk" / "python" / "examples"
ADMIN = ("admin", "admin-password-for-tests")

sys.path.insert(0, str(EXAMPLES))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_binary() -> Path:
    configured = os.environ.get("MARKETSIM_BIN")
    if configured:
        return Path(configured)
    binary = PACKAGE / ".build" / "debug" / "marketsim"
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "marketsim"], cwd=PACKAGE, check=True)
    return binary


class Server:
    def __init__(self, url: str, log: Path):
        self.url = url
        self.log = log


@pytest.fixture
def server(tmp_path):
    """A server as a new user starts one (the README's configuration, with an admin), alone on its data."""
    port = free_port()
    log = tmp_path / "server.log"
    environment = {**os.environ, "PORT": str(port), "DATA_DIR": str(tmp_path / "data"),
                   "ADMIN_USERNAME": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1], "BCRYPT_COST": "4"}
    environment.pop("DATABASE_URL", None)
    with open(log, "ab") as output:
        process = subprocess.Popen([str(server_binary()), "serve"], cwd=PACKAGE, env=environment,
                                   stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            assert process.poll() is None, f"the server stopped at start:\n{log.read_text()}"
            assert time.time() < deadline, f"the server did not answer within 60 s:\n{log.read_text()}"
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield Server(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
