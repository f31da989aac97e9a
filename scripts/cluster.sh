#!/usr/bin/env bash
# Distributed Okapi on this machine, the same topology as deploy/k8s: a 3-node NATS JetStream
# cluster (the installed nats-server, the firehose stream with 3 replicas), the ClickHouse server
# (scripts/clickhouse-server.sh), the event store (SQLite in CLUSTER_DIR with ingest as its one
# writer, or EventStoreDB when OKAPI_ESDB_URL is set), and one process per role (ingest,
# projector, publisher, scheduler, two API replicas), each with a pid and a log file.
#
#   scripts/cluster.sh up | status | down [--purge] | start NAME | stop NAME | kill NAME | help
#
# Settings (CLUSTER_DIR, CLUSTER_PORTS, CLUSTER_DATABASE, ...): `scripts/cluster.sh help`.
# The orchestration is scripts/cluster/*.ts, built from the role table the CLI and the Kubernetes
# manifests share (apps/cli/src/roles/role-definitions.ts).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" = up ]; then
  if ! command -v nats-server >/dev/null 2>&1; then
    echo "cluster: installing nats-server from apt" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null
  fi
  # The shared server on 18123 is reused when it answers (never restarted); each cluster has its
  # own database in it. A different CLUSTER_CLICKHOUSE is the caller's to run.
  if [ -z "${CLUSTER_CLICKHOUSE:-}" ]; then bash "$ROOT/scripts/clickhouse-server.sh" start >&2; fi
fi

export SWC_NODE_PROJECT="${SWC_NODE_PROJECT:-$ROOT/tsconfig.json}"
exec node -r "$ROOT/node_modules/@swc-node/register" "$ROOT/scripts/cluster/cluster-main.ts" "$@"
