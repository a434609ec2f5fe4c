"""Sends a fixed, seeded sequence of limit orders, one at a time over one connection, and prints how many
the server accepted. Used by cpu-per-order.sh, which reads the server's CPU time around it: the same orders
in the same order every time, so two builds are compared on exactly the same work."""
import http.client
import json
import random
import sys

host, port, keys_file, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
keys = [line.strip() for line in open(keys_file) if line.strip()]
tickers = ["FUN", "MEME", "YOLO", "HODL", "PUMP"]
mids = [10000, 5000, 20000, 7500, 2500]
random.seed(7)
connection = http.client.HTTPConnection(host, port, timeout=600)
accepted = 0
for _ in range(count):
    i = random.randrange(len(tickers))
    buying = random.random() < 0.5
    ticks = random.randint(-5, 5)  # through the mid when positive: about half cross
    price = mids[i] + (ticks if buying else -ticks)
    body = json.dumps({"ticker": tickers[i], "side": "buy" if buying else "sell",
                       "price": f"{price // 100}.{price % 100:02d}", "quantity": random.randint(1, 10)})
    connection.request("POST", "/api/orders", body,
                       {"X-API-Key": random.choice(keys), "Content-Type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    accepted += answer.status < 400
print(accepted)
