# Sourced by run.sh when WEBHOOK_ENDPOINTS is set: `receive DATA` starts nginx on a free port as a webhook
# receiver that answers every POST with 204 (a light receiver, so that the figure is the server's cost, not
# the receiver's), and `subscribe BASE URL COUNT TOPIC KEYS` registers COUNT endpoints at that receiver: with
# TOPIC fills, the agents' own (each agent's fills, the agents taken in turn from the file KEYS); with
# venue_trades, the admin's, each for every trade of venue main. Needs nginx (apt-get install nginx-light).
receive() {
    local data=$1
    receiver_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$data/nginx"
    cat >"$data/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $data/nginx/nginx.pid;
error_log $data/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $data/nginx;
    client_max_body_size 16m;
    server {
        listen 127.0.0.1:$receiver_port;
        location / { return 204; }
    }
}
CONF
    nginx -c "$data/nginx/nginx.conf"
    receiver_url="http://127.0.0.1:$receiver_port/hook"
}

subscribe() {
    local base=$1 url=$2 count=$3 topic=$4 keys=$5
    python3 - "$base" "$url" "$count" "$topic" "$keys" <<'PY'
import json, sys, urllib.request
base, url, count, topic, keys = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
def call(method, path, body, headers=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)
admin = {"Authorization": "Bearer " + call("POST", "/api/login", {"username": "bench", "password": "bench-admin-password"})["jwt_token"]}
agents = [{"X-API-Key": line.strip()} for line in open(keys) if line.strip()]
for number in range(count):
    owner = admin if topic != "fills" else agents[number % len(agents)]
    call("POST", "/api/webhooks", {"url": f"{url}/{number}", "topics": [topic]}, owner)
PY
}

# The deliveries, events and failed attempts the endpoints have had, from their owners' listings.
delivered() {
    local base=$1 keys=$2
    python3 - "$base" "$keys" <<'PY'
import json, sys, urllib.request
base, keys = sys.argv[1], sys.argv[2]
def call(method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body else None, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)
admin = {"Authorization": "Bearer " + call("POST", "/api/login", {"username": "bench", "password": "bench-admin-password"})["jwt_token"]}
owners = [admin] + [{"X-API-Key": line.strip()} for line in open(keys) if line.strip()]
deliveries = events = failed = 0
for owner in owners:
    for hook in call("GET", "/api/webhooks", headers=owner)["webhooks"]:
        for delivery in call("GET", f"/api/webhooks/{hook['webhook_id']}/deliveries?limit=500", headers=owner)["deliveries"]:
            deliveries += 1
            events += delivery["event_count"]
            failed += sum(1 for attempt in delivery["attempts"] if attempt["error"])
print(f"webhooks         {events} events in the last {deliveries} deliveries listed (500 per endpoint at most), "
      f"{failed} failed attempts")
PY
}
