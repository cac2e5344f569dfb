#!/usr/bin/env bash
# How long an event takes to reach ARA with `replay --follow`: records a playbook while a follow
# replays the journal into a fresh local ARA server, then compares, for every result, the time
# Ansible reported it (its `ended`, recorded by the callback) with the time ARA created its row
# (`created`, the server's clock; same machine). Target: within 1 s while the server is up. Also
# prints how long the run's first event took to become readable in the journal.
#
# Usage: bench/replay/follow-latency.sh        (after `mvn -B -q -DskipTests package`)
# Knobs: HOSTS=10 TASKS=30 FORKS=10
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
HOSTS=${HOSTS:-10} TASKS=${TASKS:-30} FORKS=${FORKS:-10}
WORK=$(mktemp -d /tmp/follow-latency.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
ARA_BASE_DIR="$WORK/ara" ara-manage migrate >"$WORK/migrate.log" 2>&1
ARA_BASE_DIR="$WORK/ara" ARA_LOG_LEVEL=WARNING ara-manage runserver --noreload "127.0.0.1:$port" >"$WORK/server.log" 2>&1 &
pids+=($!)
until python3 -c "import urllib.request; urllib.request.urlopen('$url/api/', timeout=2)" 2>/dev/null; do sleep 0.2; done

mkdir -p "$WORK/pb"
for i in $(seq 1 "$HOSTS"); do echo "host$i ansible_connection=local ansible_python_interpreter=/usr/bin/python3"; done >"$WORK/pb/hosts"
{
  echo "- hosts: all"; echo "  gather_facts: false"; echo "  tasks:"
  for t in $(seq 1 "$TASKS"); do printf '    - name: step %d\n      debug:\n        msg: "step %d"\n' "$t" "$t"; done
} >"$WORK/pb/site.yml"

python3 "$here/bench/replay/journal-arrivals.py" "$WORK/journal" "$WORK/stop-arrivals" "$WORK/arrivals.tsv" &
arrivals=$!
pids+=($arrivals)
"$here/bin/ara-journal" replay --from "$WORK/journal" --to "$url" --follow >"$WORK/follow.log" 2>&1 &
follow=$!
pids+=($follow)
until grep -q following "$WORK/follow.log"; do sleep 0.2; done
(cd "$WORK/pb" && ANSIBLE_CALLBACK_PLUGINS="$here/recorder/src/main/python/callback_plugins" ARA_JOURNAL_DIR="$WORK/journal" \
  ANSIBLE_FORKS="$FORKS" ansible-playbook -i hosts site.yml >"$WORK/ansible.log" 2>&1)
expected=$((HOSTS * TASKS))
for _ in $(seq 1 300); do
  [ "$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$url/api/v1/results?limit=1'))['count'])")" -ge "$expected" ] && break
  sleep 0.2
done
kill -TERM "$follow"; wait "$follow" || true
touch "$WORK/stop-arrivals"; wait "$arrivals" || true
awk -F'\t' 'NR == 1 { printf "first event (%s) readable in the journal %.3f s after Ansible reported it (the recorder'"'"'s start)\n", $2, $3 }' "$WORK/arrivals.tsv"
python3 - "$url" "$expected" <<'PY'
import json, sys, urllib.request
from datetime import datetime
url, expected = sys.argv[1], int(sys.argv[2])
rows, offset = [], 0
while True:
    page = json.load(urllib.request.urlopen(f"{url}/api/v1/results?limit=500&offset={offset}"))
    rows += page["results"]; offset += 500
    if offset >= page["count"]: break
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
lat = sorted((t(r["created"]) - t(r["ended"])).total_seconds() for r in rows)
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"follow latency over {len(lat)} of {expected} results (Ansible reported -> ARA row created): "
      f"p50 {q(0.5):.3f} s, p90 {q(0.9):.3f} s, p99 {q(0.99):.3f} s, max {lat[-1]:.3f} s; "
      f"within 1 s: {sum(1 for x in lat if x <= 1.0)}/{len(lat)}")
late = sorted((t(r["created"]) - t(r["ended"])).total_seconds() for r in rows if (t(r["created"]) - t(r["ended"])).total_seconds() > 1.0)
import collections
print("late results by task id:", dict(collections.Counter(r["task"] for r in rows if (t(r["created"]) - t(r["ended"])).total_seconds() > 1.0)))
PY
