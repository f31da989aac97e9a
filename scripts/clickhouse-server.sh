#!/usr/bin/env bash
# Local ClickHouse server for the server-engine tests and benchmarks: `start|stop|status`.
# Installs Debian's clickhouse-server (18.16) when missing, writes a minimal config that listens on
# 127.0.0.1 only (HTTP 18123, TCP 19000), starts it in the background and waits until `SELECT 1`
# answers over HTTP. Idempotent: `start` on a running server only reports it.
# OKAPI_CLICKHOUSE_DIR (default /var/tmp/okapi-clickhouse) holds config, data, logs and the pid;
# OKAPI_CLICKHOUSE_HTTP_PORT / OKAPI_CLICKHOUSE_TCP_PORT (default 18123 / 19000) run a second instance.
# users.xml is ours (written next to config.xml): `default` (read-write, loopback) for the app and
# migrations, and `okapi_readonly` for user SQL (the SQL console and `okapi sql`): its profile has
# readonly=1, so a query can change no setting (not even readonly), and 18.16 refuses table
# functions (file, url, remote...) in that mode. It reaches only the okapi databases
# (OKAPI_CLICKHOUSE_READONLY_DATABASES, default `default okapi`: the database of
# OKAPI_CLICKHOUSE_URL, `default` when the URL names none) and `system`, which 18.16 opens to every
# user. `okapi_readonly_test` has the same profile on any database: the test suite's throwaway
# databases have random names, and 18.16's allow_databases takes exact names only.
# `start` on a running server rewrites users.xml, which the server reloads by itself (config.xml
# changes still need `stop` then `start`).
set -euo pipefail

DIR="${OKAPI_CLICKHOUSE_DIR:-/var/tmp/okapi-clickhouse}"
HTTP_PORT="${OKAPI_CLICKHOUSE_HTTP_PORT:-18123}"
READONLY_DATABASES="${OKAPI_CLICKHOUSE_READONLY_DATABASES:-default okapi}"
TCP_PORT="${OKAPI_CLICKHOUSE_TCP_PORT:-19000}"
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

# <database> elements of okapi_readonly's allow_databases.
allowed_databases() {
  local db
  for db in $READONLY_DATABASES; do printf '<database>%s</database>' "$db"; done
}

# Every user has no password and answers loopback clients only (the server listens on 127.0.0.1).
# The read-only profile carries every setting the app needs, because readonly=1 refuses any a
# query sends (the app's read-only client sends none), and the engine-side limits of user SQL.
write_users() {
  cat >"$DIR/users.xml" <<XML
<yandex>
  <profiles>
    <default>
      <max_memory_usage>10000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
      <load_balancing>random</load_balancing>
    </default>
    <okapi_readonly>
      <readonly>1</readonly>
      <output_format_json_quote_64bit_integers>0</output_format_json_quote_64bit_integers>
      <max_execution_time>60</max_execution_time>
      <max_memory_usage>2000000000</max_memory_usage>
      <max_result_rows>1000000</max_result_rows>
      <result_overflow_mode>throw</result_overflow_mode>
    </okapi_readonly>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
    <okapi_readonly>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>okapi_readonly</profile>
      <quota>default</quota>
      <allow_databases>$(allowed_databases)</allow_databases>
    </okapi_readonly>
    <okapi_readonly_test>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>okapi_readonly</profile>
      <quota>default</quota>
    </okapi_readonly_test>
  </users>
  <quotas>
    <default>
      <interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
    </default>
  </quotas>
</yandex>
XML
}

write_config() {
  mkdir -p "$DIR/data" "$DIR/tmp" "$DIR/user_files" "$DIR/log"
  write_users
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
  <users_config>$DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
XML
}

start() {
  if answers; then
    # The server re-reads users.xml by itself within seconds: users and profiles change without a restart.
    write_users
    echo "clickhouse: up on ${URL} (users.xml rewritten; the server reloads it)"
    return 0
  fi
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
