#!/usr/bin/env bash
# Replay throughput benchmark: ARA's own callback vs `ara-journal replay` vs the server's ceiling,
# all against the same kind of local ARA server (Debian ara-server 1.5.8, sqlite, ara-manage
# runserver), a fresh database for every measurement; plus the replay's memory on a big journal.
#
# Usage: bench/replay/replay-bench.sh            (after `mvn -B -q -DskipTests package`)
# Knobs (environment):
#   HOSTS=50 TASKS=20 FORKS=25   the benchmark playbook (local hosts x cheap tasks)
#   REPEATS=3                    repetitions of each measurement (median, min-max reported)
#   THREADS="2 4 8"              replay --threads values
#   POSTER_N=300 POSTER_C="1 4 8" results per poster run, concurrent workers
#   MEM_EVENTS=100000            events in the memory journal (copies of the recorded run)
#   MEM_SECONDS=120              cap on each memory replay (max RSS is taken over that time)
#   MEM_OPTS="default -Xmx128m"  ARA_JOURNAL_JAVA_OPTS variants for the memory replay
#   OUTAGE_EVENTS=100000 OUTAGE_SECONDS=60   backlog replayed into a server that comes up late
#   PHASES="record callback replay poster memory outage"   what to run (outage is not in the default)
#   KEEP=1                       keep the work directory
#   RECORDED=DIR                 reuse the recording (DIR/journal, DIR/frames.bin) of an earlier run
#                                with KEEP=1 (same HOSTS/TASKS) instead of recording again
# Output: per-measurement lines as they happen, then a table; raw data in $WORK/results.tsv.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
HOSTS=${HOSTS:-50} TASKS=${TASKS:-20} FORKS=${FORKS:-25} REPEATS=${REPEATS:-3}
THREADS=${THREADS:-"2 4 8"} POSTER_N=${POSTER_N:-300} POSTER_C=${POSTER_C:-"1 4 8"}
OUTAGE_EVENTS=${OUTAGE_EVENTS:-100000} OUTAGE_SECONDS=${OUTAGE_SECONDS:-60}
MEM_EVENTS=${MEM_EVENTS:-100000} MEM_SECONDS=${MEM_SECONDS:-120} MEM_OPTS=${MEM_OPTS:-"default -Xmx128m"}
PHASES=${PHASES:-"callback record replay poster memory"}
expected=$((HOSTS * TASKS))

for tool in ansible-playbook ara-manage /usr/bin/time /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "replay-bench: $tool is missing (apt-get install ansible-core ara-server time)" >&2; exit 2; }
done
[ -f "$here/replayer/target/ara-journal.jar" ] || { echo "replay-bench: build first: (cd $here && mvn -B -q -DskipTests package)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/replay-bench.XXXXXX)
results="$WORK/results.tsv"
: >"$results"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "work directory kept: $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*" >&2; }
record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$results"; }  # phase, variant, metric fields...

# ---- the playbook: HOSTS local hosts x TASKS cheap tasks ----
mkdir -p "$WORK/pb"
for i in $(seq 1 "$HOSTS"); do
  echo "host$i ansible_connection=local ansible_python_interpreter=/usr/bin/python3"
done >"$WORK/pb/hosts"
{
  echo "- name: replay benchmark ($HOSTS hosts x $TASKS tasks)"
  echo "  hosts: all"
  echo "  gather_facts: false"
  echo "  tasks:"
  for t in $(seq 1 "$TASKS"); do
    case $((t % 5)) in
      1) printf '    - name: debug %d\n      debug:\n        msg: "task %d on {{ inventory_hostname }}"\n' "$t" "$t" ;;
      2) printf '    - name: set_fact %d\n      set_fact:\n        fact_%d: "{{ inventory_hostname }}-%d"\n' "$t" "$t" "$t" ;;
      3) printf '    - name: command %d\n      command: "true"\n' "$t" ;;
      4) printf '    - name: assert %d\n      assert:\n        that: inventory_hostname is defined\n        quiet: true\n' "$t" ;;
      0) printf '    - name: debug var %d\n      debug:\n        var: inventory_hostname\n' "$t" ;;
    esac
  done
} >"$WORK/pb/bench.yml"

ansible_env=(ANSIBLE_LOCAL_TEMP="$WORK/pb/.tmp" ANSIBLE_HOST_KEY_CHECKING=false ANSIBLE_RETRY_FILES_ENABLED=false
  ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=false ANSIBLE_FORKS="$FORKS")
run_playbook() {  # extra env assignments...; prints wall seconds
  local start end
  start=$(date +%s.%N)
  (cd "$WORK/pb" && env "${ansible_env[@]}" "$@" ansible-playbook -i hosts bench.yml >"$WORK/pb/last.log" 2>&1) \
    || { tail -20 "$WORK/pb/last.log" >&2; log "ansible-playbook failed"; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print('%.2f' % ($end - $start))"
}

# ---- the ARA server: fresh sqlite database each time ----
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_server() {  # [PORT]; sets server_url
  local base port
  base=$(mktemp -d "$WORK/ara.XXXXXX")
  port=${1:-$(free_port)}
  ARA_BASE_DIR="$base" ARA_DEBUG=false ARA_LOG_LEVEL=WARNING ara-manage migrate >"$base/migrate.log" 2>&1
  ARA_BASE_DIR="$base" ARA_DEBUG=false ARA_LOG_LEVEL=WARNING \
    ara-manage runserver --noreload "127.0.0.1:$port" >"$base/server.log" 2>&1 &
  server_pid=$!
  server_url="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    python3 -c "import urllib.request; urllib.request.urlopen('$server_url/api/', timeout=2)" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$base/server.log" >&2; exit 1; }
    sleep 0.2
  done
  log "ARA server did not answer at $server_url"; exit 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
count() {  # count OF results|playbooks
  python3 -c "import json, urllib.request; print(json.load(urllib.request.urlopen('$server_url/api/v1/$1?limit=1', timeout=30))['count'])"
}
rate() { python3 -c "print('%.1f' % ($1 / $2))"; }

phase() { [[ " $PHASES " == *" $1 "* ]]; }
log "work directory $WORK; playbook $HOSTS hosts x $TASKS tasks, forks $FORKS; $REPEATS repeats"

# ---- 1. record the same playbook with ara_journal, keeping the raw frames for the memory journal ----
journal="$WORK/journal"
frames="$WORK/frames.bin"
if [ -n "${RECORDED:-}" ]; then
  journal="$RECORDED/journal"; frames="$RECORDED/frames.bin"
  [ -f "$frames" ] || { echo "replay-bench: no $frames" >&2; exit 2; }
  log "reusing the recording in $RECORDED"
elif phase record || phase replay || phase memory; then
  mkdir -p "$journal"
  cat >"$WORK/tee-recorder.sh" <<TEE
#!/bin/sh
tee -a "$frames" | "$here/bin/ara-journal" record "\$@"
TEE
  chmod +x "$WORK/tee-recorder.sh"
  wall=$(run_playbook ANSIBLE_CALLBACK_PLUGINS="$here/recorder/src/main/python/callback_plugins" \
    ARA_JOURNAL_DIR="$journal" ARA_JOURNAL_RECORDER="$WORK/tee-recorder.sh")
  log "recorded with ara_journal in $wall s: $(python3 -c "
import struct,sys
d=open('$frames','rb').read(); i=n=0
while i < len(d): l=struct.unpack('>I', d[i:i+4])[0]; i+=4+l; n+=1
print(n, 'events,', len(d), 'bytes')")"
  record record ara_journal 1 "" "$wall" ""
fi

# ---- 2. ARA's own callback, posting during the run ----
if phase callback; then
  cb_dir=$(/usr/bin/python3 -m ara.setup.callback_plugins)
  for i in $(seq 1 "$REPEATS"); do
    start_server
    wall=$(run_playbook ANSIBLE_CALLBACK_PLUGINS="$cb_dir" ARA_API_CLIENT=http ARA_API_SERVER="$server_url" ARA_CALLBACK_THREADS=4)
    stored=$(count results)
    stop_server
    r=$(rate "$stored" "$wall")
    log "ara_default threads=4 #$i: $stored/$expected results stored, playbook $wall s, $r results/s"
    record callback threads=4 "$i" "$r" "$wall" "$stored"
  done
fi

# ---- 3. replay that journal into a fresh server ----
if phase replay; then
  for t in $THREADS; do
    for i in $(seq 1 "$REPEATS"); do
      start_server
      start=$(date +%s.%N)
      "$here/bin/ara-journal" replay --from "$journal" --to "$server_url" --threads "$t" --again \
        >"$WORK/replay.out" 2>"$WORK/replay.err" || { tail -20 "$WORK/replay.err" >&2; log "replay failed"; exit 1; }
      end=$(date +%s.%N)
      wall=$(python3 -c "print('%.2f' % ($end - $start))")
      stored=$(count results)
      stop_server
      summary=$(grep '^replay: ' "$WORK/replay.err" | tail -1)
      own=$(sed -n 's/.* events in \([0-9.]*\) s.*/\1/p' <<<"$summary")
      retried=$(sed -n 's/.* \([0-9]*\) retried.*/\1/p' <<<"$summary")
      r=$(rate "$stored" "$wall"); r_own=$(rate "$stored" "${own:-$wall}")
      log "replay --threads $t #$i: $stored/$expected results, wall $wall s ($r/s), own $own s ($r_own/s), $retried retried"
      record replay "threads=$t" "$i" "$r" "$wall" "$stored" "$r_own" "$own" "$retried"
    done
  done
fi

# ---- 4. the server's ceiling: plain concurrent POST /results ----
if phase poster; then
  size=$(python3 - "$frames" <<'PY' 2>/dev/null || echo 300
import json, struct, sys
d = open(sys.argv[1], 'rb').read(); i = 0; sizes = []
while i < len(d):
    l = struct.unpack('>I', d[i:i+4])[0]; e = json.loads(d[i+4:i+4+l]); i += 4 + l
    if e.get('type') == 'result':
        sizes.append(len(json.dumps(e.get('content', e.get('result', {})))))
print(int(sum(sizes) / len(sizes)) if sizes else 300)
PY
)
  log "poster: $POSTER_N results of ~$size bytes of content each"
  for c in $POSTER_C; do
    for i in $(seq 1 "$REPEATS"); do
      start_server
      line=$(python3 "$here/bench/replay/poster.py" --url "$server_url" -n "$POSTER_N" -c "$c" --content-bytes "$size")
      stop_server
      r=$(sed -n 's/.*results_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
      log "poster c=$c #$i: $line"
      record poster "c=$c" "$i" "$r" "$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")" "$POSTER_N"
    done
  done
fi

# ---- 5. memory: replay a journal of >= MEM_EVENTS events (copies of the recorded run, new run ids) ----
big_journal() {  # DIR EVENTS: a journal of >= EVENTS events, copies of the recorded run under new run ids
  mkdir -p "$1"
  python3 - "$frames" "$2" <<'PY' | "$here/bin/ara-journal" record --journal "$1" >/dev/null 2>"$WORK/big-record.err"
import json, struct, sys, uuid
d = open(sys.argv[1], 'rb').read(); want = int(sys.argv[2]); events = []; i = 0
while i < len(d):
    l = struct.unpack('>I', d[i:i+4])[0]; events.append(json.loads(d[i+4:i+4+l])); i += 4 + l
out = sys.stdout.buffer; n = 0
while n < want:
    run = str(uuid.uuid4())
    for e in events:
        e['run'] = run
        b = json.dumps(e).encode()
        out.write(struct.pack('>I', len(b)) + b)
    n += len(events)
print('copies', n // len(events), 'events', n, file=sys.stderr)
PY
}

if phase memory; then
  big="$WORK/big-journal"
  big_journal "$big" "$MEM_EVENTS"
  big_events=$("$here/bin/ara-journal" inspect --journal "$big" --json 2>/dev/null | python3 -c "
import json,sys; d=json.load(sys.stdin)
runs=d['runs'] if isinstance(d,dict) and 'runs' in d else d
print(sum(r.get('events',0) for r in runs), len(runs))")
  log "memory journal: events, runs = $big_events"
  for opts in $MEM_OPTS; do
    for i in $(seq 1 "$REPEATS"); do
      start_server
      java_opts=""; [ "$opts" = default ] || java_opts="$opts"
      ARA_JOURNAL_JAVA_OPTS="$java_opts" /usr/bin/time -v -o "$WORK/mem.time" \
        timeout "$MEM_SECONDS" "$here/bin/ara-journal" replay --from "$big" --to "$server_url" --threads 4 --again \
        >/dev/null 2>"$WORK/mem.err" || true
      stored=$(count results)
      stop_server
      rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/mem.time")
      wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$WORK/mem.time")
      log "memory replay ($opts) #$i: max RSS $((rss / 1024)) MB, $stored results delivered in $wall (cap ${MEM_SECONDS}s)"
      record memory "$opts" "$i" "$((rss / 1024))" "$wall" "$stored"
    done
  done
fi

# ---- 6. a backlog of OUTAGE_EVENTS events drained after an outage of OUTAGE_SECONDS ----
if phase outage; then
  backlog="$WORK/backlog-journal"
  big_journal "$backlog" "$OUTAGE_EVENTS"
  runs=$("$here/bin/ara-journal" inspect --journal "$backlog" --json 2>/dev/null | python3 -c "import json,sys; print(len(json.load(sys.stdin)['runs']))")
  port=$(free_port)
  log "outage: replaying $OUTAGE_EVENTS+ events ($runs runs) into 127.0.0.1:$port, which comes up after ${OUTAGE_SECONDS}s"
  "$here/bin/ara-journal" replay --from "$backlog" --to "http://127.0.0.1:$port" --threads 4 --state "$WORK/outage-state" \
    >/dev/null 2>"$WORK/outage.err" &
  replay_pid=$!
  sleep "$OUTAGE_SECONDS"
  kill -0 "$replay_pid" 2>/dev/null || { tail -20 "$WORK/outage.err" >&2; log "the replay ended during the outage"; exit 1; }
  start_server "$port"
  up=$(date +%s.%N)
  wait "$replay_pid" || { tail -20 "$WORK/outage.err" >&2; log "replay failed"; exit 1; }
  drained=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $up))")
  stored=$(count results); playbooks=$(count playbooks)
  stop_server
  outage_lines=$(grep -c 'unreachable since\|reachable again after' "$WORK/outage.err" || true)
  log "outage: backlog drained in $drained s after the server came up: $playbooks playbooks, $stored results ($(rate "$stored" "$drained") results/s); outage log lines: $outage_lines"
  record outage "events=$OUTAGE_EVENTS" 1 "$(rate "$stored" "$drained")" "$drained" "$stored"
fi

# ---- the table ----
python3 - "$results" "$expected" <<'PY'
import statistics, sys
from collections import OrderedDict
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
expected = int(sys.argv[2])
groups = OrderedDict()
for r in rows:
    groups.setdefault((r[0], r[1]), []).append(r)
def stat(vals):
    v = [float(x) for x in vals if x not in ('', None)]
    if not v: return '-'
    return '%.1f (%.1f-%.1f)' % (statistics.median(v), min(v), max(v)) if len(v) > 1 else '%.1f' % v[0]
if any(k[0] != 'memory' for k in groups):
    print('\n| measurement | n | results/s median (min-max) | wall s median (min-max) | results stored | replay own time s / results/s | retried |')
    print('|---|---|---|---|---|---|---|')
for (phase, variant), rs in groups.items():
    if phase == 'memory':
        continue
    stored = ', '.join(sorted(set(r[5] for r in rs))) if phase in ('callback', 'replay') else ''
    if phase == 'callback': stored += ' of %d' % expected
    own = '%s / %s' % (stat([r[7] for r in rs]), stat([r[6] for r in rs])) if phase == 'replay' else ''
    retried = ', '.join(r[8] for r in rs) if phase == 'replay' else ''
    name = {'callback': 'ara_default (during the run)', 'record': 'ansible-playbook with ara_journal (recording)',
            'replay': 'ara-journal replay', 'poster': 'poster.py (server ceiling)',
            'outage': 'replay draining a backlog after an outage'}[phase]
    print('| %s %s | %d | %s | %s | %s | %s | %s |' % (name, variant if phase != 'record' else '', len(rs),
          stat([r[3] for r in rs]), stat([r[4] for r in rs]), stored, own, retried))
mem = [(k, rs) for k, rs in groups.items() if k[0] == 'memory']
if mem:
    print('\n| memory replay | n | max RSS MB median (min-max) | wall | results delivered |')
    print('|---|---|---|---|---|')
    for (phase, variant), rs in mem:
        print('| ARA_JOURNAL_JAVA_OPTS=%s | %d | %s | %s | %s |' % (variant if variant != 'default' else '(none)', len(rs),
              stat([r[3] for r in rs]), ', '.join(r[4] for r in rs), ', '.join(r[5] for r in rs)))
PY
