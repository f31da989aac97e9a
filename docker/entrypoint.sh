#!/bin/sh
# Okapi container entrypoint: one image, one role per workload. Maps a role to its `okapi`
# command line and execs it, so the Node process is PID 1 and receives SIGTERM directly (the CLI
# stops its workers and closes the stores on it; for `all`, bin/okapi.js passes it on to the
# server it runs in a child node with a bounded heap, OKAPI_HEAP_MB).
#
#   entrypoint.sh ROLE [extra okapi flags...]
#   entrypoint.sh --dry-run ROLE ...   print the command line instead of running it
#   entrypoint.sh help
#
# Variables of this script are deliberately not OKAPI_*: Okapi rejects unknown OKAPI_* names.
set -eu

APP_ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
OKAPI="$APP_ROOT/bin/okapi.js"

usage() {
  cat <<'USAGE'
usage: entrypoint.sh [--dry-run] ROLE [okapi flags...]

roles (apps/cli/src/roles/role-definitions.ts; each serves /healthz, /readyz, /metrics on OKAPI_PORT):
  all          okapi start             API + every role below in one process (embedded stores)
  api          okapi api               HTTP API replicas (Deployment okapi-api)
  ingest       okapi ingest            live sources -> event store; run exactly one (okapi-ingest)
  projector    okapi projector         event store -> ClickHouse views (okapi-projector)
  publisher    okapi publisher         event store -> JetStream firehose (okapi-publisher)
  scheduler    okapi scheduler         hourly batches, daily snapshots, retention (okapi-scheduler)
one-off jobs:
  snapshot     okapi snapshot          rebuild every snapshot now
  batch        okapi batch --hour H    batches of the last closed UTC hour
  okapi ARGS   okapi ARGS              any CLI command, e.g. `okapi import-dump /data/x.xml.bz2`
  help         this text
USAGE
}

# Okapi accepts any value of the right shape, so refuse the manifests' placeholders here: a
# deployment that forgot a secret fails at once instead of running with a published key.
refuse_placeholders() {
  bad=$(env | sed -n 's/^\(OKAPI_[A-Z0-9_]*\)=.*CHANGE_ME.*/\1/p' | sort | tr '\n' ' ')
  if [ -n "$bad" ]; then
    echo "okapi entrypoint: replace the CHANGE_ME placeholder in: $bad(see docs/kubernetes.md, Secrets)" >&2
    exit 78
  fi
}

# The last closed UTC hour, YYYY-MM-DDTHH (GNU and busybox date both take -d @EPOCH).
last_closed_hour() {
  date -u -d "@$(( $(date -u +%s) - 3600 ))" +%Y-%m-%dT%H
}

# One shell word per argument, quoted only when needed (for --dry-run output).
quote() {
  case $1 in
    ''|*[!A-Za-z0-9_./:=@,+-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
  esac
}

dry_run=false
if [ "${1:-}" = "--dry-run" ]; then
  dry_run=true
  shift
fi
role=${1:-help}
[ $# -gt 0 ] && shift

case "$role" in
  help|-h|--help) usage; exit 0 ;;
  all)       set -- start "$@" ;;
  api)       set -- api "$@" ;;
  ingest)    set -- ingest "$@" ;;
  projector) set -- projector "$@" ;;
  publisher) set -- publisher "$@" ;;
  scheduler) set -- scheduler "$@" ;;
  snapshot)  set -- snapshot "$@" ;;
  batch)
    case " $* " in
      *" --hour "*|*" --hour="*) set -- batch "$@" ;;
      *) set -- batch --hour "$(last_closed_hour)" "$@" ;;
    esac ;;
  okapi)
    [ $# -gt 0 ] || { echo "okapi entrypoint: 'okapi' needs a command (try: okapi help)" >&2; exit 2; } ;;
  *)
    echo "okapi entrypoint: unknown role \"$role\"" >&2
    usage >&2
    exit 2 ;;
esac

set -- "$OKAPI" "$@"

if [ "$dry_run" = true ]; then
  line="node"
  for arg in "$@"; do line="$line $(quote "$arg")"; done
  echo "$line"
  exit 0
fi
refuse_placeholders
exec node "$@"
