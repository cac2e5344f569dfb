#!/usr/bin/env bash
# Starts an ARA 1.7 API server (Django's runserver, sqlite) inside the trixie chroot, in the
# foreground, on 127.0.0.1:PORT, with its settings and database in BASEDIR (a host directory,
# bind-mounted at the same path inside). Every step is an exec, so this script's PID is the
# server's: stop it with `kill PID` (SIGTERM). Build the chroot first: scripts/trixie/make-chroot.sh
#
# Usage: scripts/trixie/ara-server.sh PORT BASEDIR
# Env:   ARA_TRIXIE_CHROOT as for run.sh; any ARA_* server setting (ARA_DEBUG, ARA_LOG_LEVEL, ...)
#        is passed through.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

[ $# -eq 2 ] || { echo "usage: $0 PORT BASEDIR" >&2; exit 2; }
port="$1"
case "$port" in ''|*[!0-9]*) echo "ara-server: PORT must be a number, got '$port'" >&2; exit 2 ;; esac
mkdir -p "$2"
basedir="$(readlink -f "$2")"

export ARA_BASE_DIR="$basedir"
export ARA_ALLOWED_HOSTS="${ARA_ALLOWED_HOSTS:-['127.0.0.1', 'localhost']}"
export ARA_TRIXIE_BIND="$basedir ${ARA_TRIXIE_BIND:-}"
exec "$here/run.sh" sh -ec '
  echo "ara-server: ARA $(python3 -c "from ara.setup import ara_version; print(ara_version)") on http://127.0.0.1:$0 (base dir $ARA_BASE_DIR)" >&2
  ara-manage migrate >"$ARA_BASE_DIR/migrate.log" 2>&1 || { cat "$ARA_BASE_DIR/migrate.log" >&2; exit 1; }
  exec ara-manage runserver --noreload "127.0.0.1:$0"
' "$port"
