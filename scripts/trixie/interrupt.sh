#!/usr/bin/env bash
# Interrupts playbooks/slow.yml in the trixie chroot (ansible-core 2.19) while its second task
# runs, and shows what was recorded:
#   interrupt.sh SIGNAL PORT   both callbacks (ara_journal via tap-recorder.py, ara_default to the
#                              ARA server on 127.0.0.1:PORT): prints the event types and ARA's statuses
#   interrupt.sh SIGNAL stuck  ara_journal with a recorder that never acknowledges
#                              (ARA_JOURNAL_ACK_TIMEOUT=2): the events must end up in a spool file
# SIGNAL: TERM or INT. Env: PLUGIN_DIR (callback dir to test, default the checkout's; bind a dir
# outside the checkout with ARA_TRIXIE_BIND), ARA_TRIXIE_CHROOT as for run.sh.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(readlink -f "${ARA_JOURNAL_REPO:-$here/../..}")"
[ $# -eq 2 ] || { echo "usage: $0 TERM|INT PORT|stuck" >&2; exit 2; }
export PLUGIN_DIR="${PLUGIN_DIR:-$repo/recorder/src/main/python/callback_plugins}"
export ARA_TRIXIE_ENV="PLUGIN_DIR ${ARA_TRIXIE_ENV:-}"
exec "$here/run.sh" bash -c '
  sig="$1"; mode="$2"; here="$3"; out=/tmp/interrupt-$sig-$mode
  rm -rf "$out" "$out.jsonl"; mkdir -p "$out"
  export ARA_JOURNAL_DIR="$out"
  if [ "$mode" = stuck ]; then
    export ARA_JOURNAL_ACK_TIMEOUT=2 ARA_JOURNAL_RECORDER="sh -c '"'"'exec sleep 120'"'"' stuck"
    export ANSIBLE_CALLBACK_PLUGINS="$PLUGIN_DIR"
  else
    export ARA_API_CLIENT=http ARA_API_SERVER="http://127.0.0.1:$mode"
    export ARA_JOURNAL_RECORDER="python3 $here/tap-recorder.py $out.jsonl"
    export ANSIBLE_CALLBACK_PLUGINS="$PLUGIN_DIR:$(python3 -m ara.setup.callback_plugins)"
  fi
  ansible-playbook -i "$here/playbooks/inventory.ini" "$here/playbooks/slow.yml" > "$out.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do grep -q "TASK \[sleeps\]" "$out.log" && break; sleep 0.5; done
  sleep 2
  kill -s "$sig" "$pid"
  code=0; wait "$pid" || code=$?
  echo "ansible-playbook exit code $code after SIG$sig"
  grep -i "ara_journal" "$out.log" || true
  if [ "$mode" = stuck ]; then
    sleep 1
    echo "spool files: $(ls "$out/spool" 2>/dev/null | wc -l)"; ls -l "$out/spool" 2>/dev/null | tail -n +2
  else
    sleep 2
    python3 -c "import json,sys; print(\"journal events:\", [json.loads(l)[\"type\"] for l in open(sys.argv[1])])" "$out.jsonl"
    python3 - "$mode" <<"PY"
import json, sys, urllib.request
get = lambda p: json.load(urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], p)))
pb = get("/api/v1/playbooks?order=-id&limit=1")["results"][0]
print("ara playbook %d: %s" % (pb["id"], pb["status"]))
for kind in ("plays", "tasks"):
    for item in get("/api/v1/%s?playbook=%d&order=id" % (kind, pb["id"]))["results"]:
        print("  %s %r: %s" % (kind[:-1], item["name"], item["status"]))
PY
  fi
' interrupt "$1" "$2" "$here"
