"""Fixtures of the browser suite: the real MarketSim server on a free port with a fresh data folder,
and headless Chromium driven by Selenium.

Environment:
  MARKETSIM_BIN   the server binary (default: .build/debug/marketsim, built with `swift build` if missing)
  CHROMIUM_BIN, CHROMEDRIVER_BIN   default /usr/bin/chromium and /usr/bin/chromedriver
"""
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent.parent
SCREENSHOTS = HERE / "screenshots"
DESKTOP = (1280, 800)
PHONE = (390, 844)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_binary():
    configured = os.environ.get("MARKETSIM_BIN")
    if configured:
        return Path(configured)
    binary = PACKAGE / ".build" / "debug" / "marketsim"
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "marketsim"], cwd=PACKAGE, check=True)
    return binary


class Server:
    """The running server, with a small JSON client for arranging state and asking which routes exist."""

    def __init__(self, base_url):
        self.base_url = base_url

    def call(self, method, path, body=None, token=None):
        """Returns (status, parsed JSON or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, None

    def register(self, username=None, password="secret-pass"):
        username = username or unique_name()
        status, answer = self.call("POST", "/api/register", {"username": username, "password": password})
        assert status == 200, answer
        return {"username": username, "password": password, "token": answer["jwt_token"], "user_id": answer["user_id"]}

    def admin_token(self):
        """The first admin's token (signed in once per server)."""
        if not getattr(self, "_admin_token", None):
            status, answer = self.call("POST", "/api/login", {"username": ADMIN["username"], "password": ADMIN["password"]})
            assert status == 200, answer
            self._admin_token = answer["jwt_token"]
        return self._admin_token

    def admin(self, method, path, body=None):
        """An admin request that must succeed; returns the answer."""
        status, answer = self.call(method, path, body, self.admin_token())
        assert status in (200, 201), (method, path, status, answer)
        return answer

    def give_shares(self, user, ticker, shares, venue="main"):
        """Credits `user` with shares through the admin adjustment route (skips the test without it)."""
        path = f"/api/admin/venues/{venue}/adjustments"
        body = {"user_id": user["user_id"], "ticker": ticker, "shares": shares, "reason": "browser test seller"}
        self.require_route("POST", path, {"user_id": user["user_id"], "reason": "probe"}, self.admin_token())
        self.admin("POST", path, body)

    def market_order(self, user, ticker, side, quantity, venue="main"):
        """An IOC market order that fills something against the market maker, and its answer. The maker
        cancels its quotes before placing new ones, so an order that lands in between finds that side
        empty and fills nothing; like a person, this tries again."""
        path = "/api/orders" if venue == "main" else f"/api/venues/{venue}/orders"
        body = {"ticker": ticker, "side": side, "quantity": quantity, "type": "market", "time_in_force": "IOC"}
        for _ in range(10):
            status, answer = self.call("POST", path, body, user["token"])
            assert status == 200, answer
            if answer["filled_quantity"] > 0:
                return answer
            time.sleep(0.2)
        raise AssertionError(f"a market {side} of {ticker} in {venue} found nothing to fill against ten times")

    def create_tournament(self, ticker="OWL", price=20, publish=True, late_entry_seconds=0):
        """A tournament of one ticker with its own market maker, starting in an hour unless started by hand,
        taking entries for `late_entry_seconds` after its start; published (open for entry) unless `publish`
        is false. Returns its id."""
        tournament = "cup-" + uuid.uuid4().hex[:8]
        self.admin("POST", "/api/admin/tournaments", {
            "id": tournament, "name": f"Browser cup {tournament[-4:]}",
            "description": "A short contest the browser tests run: one ticker, a lively market maker, no fees.",
            "starts_in_seconds": 3600, "duration_seconds": 3600, "max_participants": 20,
            "late_entry_seconds": late_entry_seconds,
            "venue": {"name": f"Browser cup {tournament[-4:]}", "starting_cash": 5000,
                      "tickers": [{"symbol": ticker, "initial_price": price}],
                      "fees": {"maker_bps": 0, "taker_bps": 0},
                      "market_makers": {"refresh_ms": 500, "spread_bps": 40, "levels": 2, "size": 20, "seed": 3}}})
        if publish:
            self.admin("POST", f"/api/admin/tournaments/{tournament}/publish")
        return tournament

    def give_cash(self, user, amount, venue, reason="browser test prize"):
        """Credits `user` (by username) with cash in `venue` through the admin adjustment route."""
        self.admin("POST", f"/api/admin/venues/{venue}/adjustments",
                   {"username": user["username"], "cash": amount, "reason": reason})

    def has_route(self, method, path, body=None, token=None):
        """False when the server has no such route (its 404 says "No route for ...")."""
        status, answer = self.call(method, path, body, token)
        return not (status == 404 and isinstance(answer, dict) and str(answer.get("detail", "")).startswith("No route"))

    def require_order_types(self, user):
        """Skips the test when the server does not know the conditional order types yet (it refuses `type`
        itself); a probe for an unknown ticker, so that nothing is placed either way."""
        probe = {"ticker": "NOPE", "side": "buy", "quantity": 1, "type": "stop", "stop_price": 1}
        status, answer = self.call("POST", "/api/orders", probe, user["token"])
        if status == 400 and isinstance(answer, dict) and answer.get("error") == "invalid_type":
            pytest.skip("the server takes no stop, take-profit or trailing orders yet; this test runs once it does")

    def require_route(self, method, path, body=None, token=None):
        if not self.has_route(method, path, body, token):
            pytest.skip(f"the server has no {method} {path.split('?')[0]} yet (answers 404); this test runs once it exists")


# The first admin, created by the server at start; tests use it to hand out shares.
ADMIN = {"username": "browser-admin", "password": uuid.uuid4().hex}


def unique_name():
    return "u" + uuid.uuid4().hex[:10]


class ServerProcess:
    """`marketsim serve` on a port and data folder of its own, which a test may stop (SIGTERM or SIGKILL)
    and start again on the same port and data folder, as an operator restarting it would."""

    def __init__(self, market_makers="off", env=None):
        self.data_dir = tempfile.mkdtemp(prefix="marketsim-browser-")
        self.port = free_port()
        self.api = Server(f"http://127.0.0.1:{self.port}")
        self.env = dict(os.environ)
        self.env.update({
            "DATA_DIR": self.data_dir,
            "MARKET_MAKERS": market_makers,
            "BACKGROUND_TRADERS": "off",
            "PUBLIC_DIR": str(PACKAGE / "Public"),
            "RATE_LIMIT_REQUESTS": "100000",
            "RATE_LIMIT_WINDOW": "60",
            "ADMIN_USERNAME": ADMIN["username"],
            "ADMIN_PASSWORD": ADMIN["password"],
            # Low enough for a quick test, high enough that a debug build keeps up.
            "BCRYPT_COST": "4",
        })
        self.env.update(env or {})
        self.env.pop("DATABASE_URL", None)
        self.process = None
        self.log = None

    def start(self):
        binary = server_binary()
        self.log = open(Path(self.data_dir) / "server.log", "a")
        self.process = subprocess.Popen([str(binary), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        cwd=PACKAGE, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.api.base_url + "/api/health", timeout=2) as response:
                    if response.status == 200:
                        return self.api
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError(f"the server did not answer /api/health within 60 s: {self.log_tail()}")
            time.sleep(0.1)

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()
            self.log = None

    def log_tail(self):
        return (Path(self.data_dir) / "server.log").read_text()[-2000:]

    def remove(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def running(process):
    """Starts `process`, checks that it serves the dashboard, and yields its client; removes it after."""
    try:
        api = process.start()
        try:
            with urllib.request.urlopen(api.base_url + "/", timeout=5) as response:
                page = response.read().decode()
        except urllib.error.HTTPError as error:
            pytest.fail(f"the server does not serve the dashboard at / ({error.code}); "
                        "buildApplication must call addDashboard(to:publicDirectory:)", pytrace=False)
        assert "MarketSim" in page
        yield api
    finally:
        process.remove()


# Market makers requote twice a second on two tickers: prices move within a test's patience, and the
# debug build keeps up on two shared cores. Equity is recorded every second so that a tournament of a few
# seconds draws a curve.
LIVE_ENV = {
    "TICKERS": json.dumps({"FUN": 100, "MEME": 50}),
    "MARKET_MAKER_CONFIG": json.dumps({"refresh_ms": 500, "spread_bps": 40, "levels": 2, "size": 20, "volatility_bps": 20, "seed": 7}),
    "EQUITY_SNAPSHOT_SECONDS": "1",
    "WS_SNAPSHOT_MS": "200",
}


@pytest.fixture(scope="session")
def server():
    """The shared server: market makers off (set BROWSER_MARKET_MAKERS=on to change that), so books hold
    only what the tests put there."""
    # Failure screenshots of an earlier run would mislead; the others are simply overwritten.
    for old in SCREENSHOTS.glob("FAILED-*.png"):
        old.unlink()
    yield from running(ServerProcess(os.environ.get("BROWSER_MARKET_MAKERS", "off")))


@pytest.fixture(scope="session")
def live_server():
    """A second shared server with market makers on: prices move and market orders fill by themselves."""
    yield from running(ServerProcess("on", LIVE_ENV))


@pytest.fixture
def own_server():
    """A server process of the test's own, not yet started, which the test may kill and start again."""
    process = ServerProcess("on", LIVE_ENV)
    yield process
    process.remove()


def make_driver(size):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--force-prefers-reduced-motion", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_window_size(*size)
    # Headless Chrome's window size includes no browser chrome, but make the viewport exact anyway.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})
    return driver


def page_errors(driver):
    """JavaScript errors logged by the page (uncaught exceptions and failed module loads)."""
    errors = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if entry.get("level") != "SEVERE":
            continue
        # Failed requests the page handles itself (404 of routes not built yet, refused WebSockets,
        # an order the server refuses) are logged by Chrome too; they are not script errors.
        if "Failed to load resource" in message or "WebSocket connection" in message:
            continue
        errors.append(message)
    return errors


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


def driven(request, size):
    """A browser of the given size; when the test ends, the page must have logged no script error.
    A failed test leaves a screenshot of where the page was: screenshots/FAILED-<test>-<width>.png."""
    driver = make_driver(size)
    yield driver
    if request.node.stash.get(FAILED, False):
        SCREENSHOTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / f"FAILED-{request.node.name}-{size[0]}.png"))
        print(f"page at failure: {driver.current_url}")
    errors = page_errors(driver)
    driver.quit()
    assert not errors, f"script errors in the page: {errors}"


@pytest.fixture
def browser(request, server):
    yield from driven(request, DESKTOP)


@pytest.fixture
def phone(request, server):
    yield from driven(request, PHONE)


@pytest.fixture
def user(server):
    return server.register()


def screenshot(driver, name):
    """Saves the whole page at the browser's width into Tests/browser/screenshots/ for a person to look at
    (up to 4,000 pixels down)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    # From the top: the sticky header would otherwise be drawn where the page was scrolled to.
    driver.execute_script("window.scrollTo(0, 0)")
    width, height = driver.execute_script(
        "return [window.innerWidth, Math.min(4000, Math.max(window.innerHeight, document.documentElement.scrollHeight))]")
    suffix = "phone" if width < 600 else "desktop"
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    (SCREENSHOTS / f"{name}-{suffix}.png").write_bytes(base64.b64decode(shot["data"]))
