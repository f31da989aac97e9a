#!/usr/bin/env bash
# Local ClickHouse server for the server-engine tests and benchmarks: `start|stop|status`.
# Installs Debian's clickhouse-server (18.16) when missing, writes a minimal config that listens on
# 127.0.0.1 only (HTTP 18123, TCP 19000), starts it in the background and waits until `SELECT 1`
# answers over HTTP. Idempotent: `start` on a running server only reports it.
# OKAPI_CLICKHOUSE_DIR (default /var/tmp/okapi-clickhouse) holds config, data, logs and the pid.
set -euo pipefail

DIR="${OKAPI_CLICKHOUSE_DIR:-/var/tmp/okapi-clickhouse}"
HTTP_PORT=18123
TCP_PORT=19000
URL="http://127.0.0.1:${HTTP_PORT}/"
PIDFILE="$DIR/clickhouse-server.pid"

# curl when present; otherwise a raw HTTP/1.0 request through bash's /dev/tcp.
answers() {
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -fsS --max-time 2 "${URL}?query=SELECT%201" 2>/dev/null)" = "1" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/${HTTP_PORT}" && printf 'GET /?query=SELECT%%201 HTTP/1.0\r\n\r\n' >&3 && tail -n1 <&3 | grep -qx 1) 2>/dev/null
  fi
}

install_server() {
  command -v clickhouse-server >/dev/null 2>&1 && return 0
  echo "clickhouse: installing clickhouse-server from apt" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null
}

write_config() {
  mkdir -p "$DIR/data" "$DIR/tmp" "$DIR/user_files" "$DIR/log"
  # users.xml from the package: user `default`, no password, reachable only via our listen_host.
  cat >"$DIR/config.xml" <<XML
<yandex>
  <logger><level>warning</level><log>$DIR/log/server.log</log><errorlog>$DIR/log/server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <http_port>${HTTP_PORT}</http_port>
  <tcp_port>${TCP_PORT}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$DIR/data/</path>
  <tmp_path>$DIR/tmp/</tmp_path>
  <user_files_path>$DIR/user_files/</user_files_path>
  <users_config>/etc/clickhouse-server/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
XML
}

start() {
  if answers; then echo "clickhouse: up on ${URL}"; return 0; fi
  install_server
  write_config
  # setsid: the server must outlive this script and the shell that ran it.
  setsid "$(command -v clickhouse-server)" --config-file="$DIR/config.xml" \
    >>"$DIR/log/stdout.log" 2>>"$DIR/log/stderr.log" </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 150); do
    if answers; then echo "clickhouse: started on ${URL} (data in $DIR)"; return 0; fi
    sleep 0.2
  done
  echo "clickhouse: failed to start (see $DIR/log/)" >&2
  return 1
}

stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"
    for _ in $(seq 1 50); do kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.2; done
    rm -f "$PIDFILE"
    echo "clickhouse: stopped"
  else
    echo "clickhouse: not running (no live pid in $PIDFILE)"
  fi
}

status() {
  if answers; then echo "clickhouse: up on ${URL}"; else echo "clickhouse: down"; return 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
