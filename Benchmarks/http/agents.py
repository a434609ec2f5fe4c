"""Registers the benchmark's agents and funds them through the admin API; prints one API key per line."""
import json
import sys
import urllib.request

base, count = sys.argv[1], int(sys.argv[2])


def call(method, path, body, headers=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


admin = {"Authorization": "Bearer " + call("POST", "/api/login", {"username": "bench", "password": "bench-admin-password"})["jwt_token"]}
for number in range(count):
    agent = call("POST", "/api/register", {"username": f"agent{number}", "password": "benchpass"})
    adjust = lambda change: call("POST", "/api/admin/venues/main/adjustments",
                                 {"user_id": agent["user_id"], "reason": "benchmark funding", **change}, admin)
    adjust({"cash": 100_000_000})
    for ticker in ["FUN", "MEME", "YOLO", "HODL", "PUMP"]:
        adjust({"ticker": ticker, "shares": 10_000_000})
    print(agent["api_key"])
