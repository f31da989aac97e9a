#!/usr/bin/env bash
# Makes sure a NATS server with JetStream answers on 127.0.0.1:4222 (the machine normally starts
# one; this starts it the same way when it is down, installing the Debian package if missing).
set -euo pipefail
port_open() { (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; }
if port_open; then echo "nats: up on 127.0.0.1:4222"; exit 0; fi
if ! command -v nats-server >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server
fi
mkdir -p /var/lib/nats-server
start-stop-daemon --start --oknodo --background --exec "$(command -v nats-server)" -- \
  -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
for _ in $(seq 1 50); do port_open && { echo "nats: started on 127.0.0.1:4222"; exit 0; }; sleep 0.2; done
echo "nats: failed to start (see /var/log/nats-server.log)" >&2
exit 1
