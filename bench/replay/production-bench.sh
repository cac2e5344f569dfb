#!/usr/bin/env bash
# Replay into a production ARA (gunicorn, 4 sync workers, on PostgreSQL with persistent database
# connections; bench/replay/ara-postgres.sh), all measured in one run, a fresh server each time:
#   ceiling   the server's own ceiling: bench/replay/poster.py, POSTER_C workers, new connection each
#   callback  requests ARA's own callback (ara_default) sends for the benchmark run (gunicorn access log)
#   replay    one `ara-journal replay` of COPIES copies of the run: results/s and requests/s (wall, and
#             the replay's own sending time), % of the ceiling, replayer
#             CPU (user + sys) per delivered result, max RSS, requests sent (access log)
#   startup   the same replay again with nothing left to send: the JVM's start-up and journal scan
#   fleet     FLEET replays of FLEET different journals at once into one server: total results/s and requests/s
#             (wall, and the fleet's sending window), % of the ceiling, every record once
#   service   one `replay --follow` started on an empty journal, then SERVICE_BATCHES batches of COPIES
#             runs recorded into it one after another: replayer CPU per result of the first batch
#             (start-up included) and of each later one (what a running service pays)
# Every repeat runs ceiling, replay and fleet in turn, and each % is taken against the ceiling of
# its own repeat (the best of its posters), since the machine's speed drifts over minutes.
#
# Usage: bench/replay/production-bench.sh            (after `mvn -B -q -DskipTests package`)
# Knobs: HOSTS=20 TASKS=30 FORKS=20 COPIES=2 FLEET=4 REPEATS=3 THREADS=4 POSTER_N=1000 POSTER_C="4 8"
#        PHASES="ceiling callback replay startup fleet service" SERVICE_BATCHES=3 KEEP=1 RECORDED=DIR (reuse DIR/frames.bin)
#        CONNECTIONS="auto" (the replay phase alternates these --connection modes in each repeat:
#        "auto keep-alive" sets the plain socket per request against OkHttp side by side)
#        BASELINE=DIR (another built checkout: the replay phase runs its bin/ara-journal too, alternated)
# Output: one line per measurement as it happens, then a table; raw data in $WORK/results.tsv.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
HOSTS=${HOSTS:-20} TASKS=${TASKS:-30} FORKS=${FORKS:-20} COPIES=${COPIES:-2} FLEET=${FLEET:-4}
REPEATS=${REPEATS:-3} THREADS=${THREADS:-4} POSTER_N=${POSTER_N:-1000} POSTER_C=${POSTER_C:-"4 8"}
PHASES=${PHASES:-"ceiling callback replay startup fleet service"} SERVICE_BATCHES=${SERVICE_BATCHES:-3} CONNECTIONS=${CONNECTIONS:-auto}
pg="$here/bench/replay/ara-postgres.sh"

for tool in ansible-playbook gunicorn /usr/bin/time /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "production-bench: $tool is missing (apt-get install ansible-core gunicorn time)" >&2; exit 2; }
done
[ -f "$here/replayer/target/ara-journal.jar" ] || { echo "production-bench: build first: (cd $here && mvn -B -q -DskipTests package)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/production-bench.XXXXXX)
chmod 755 "$WORK"  # the database cluster runs as user postgres when we are root
results="$WORK/results.tsv"
: >"$results"
server_dir=""
cleanup() {
  [ -n "$server_dir" ] && "$pg" stop "$server_dir" || true
  [ "${KEEP:-0}" = 1 ] && echo "work directory kept: $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*" >&2; }
record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$results"; }
calc() { /usr/bin/python3 -c "print($1)"; }
phase() { [[ " $PHASES " == *" $1 "* ]]; }

server_n=0
start_server() {  # [access-log]; sets server_url, server_dir
  server_n=$((server_n + 1)); server_dir="$WORK/ara-$server_n"
  server_url=$(ACCESS_LOG=${1:-} "$pg" start "$server_dir")
}
stop_server() { "$pg" stop "$server_dir"; server_dir=""; }
count() {  # results|playbooks
  /usr/bin/python3 -c "import json, urllib.request; print(json.load(urllib.request.urlopen('$server_url/api/v1/$1?limit=1', timeout=60))['count'])"
}
requests() { wc -l <"$server_dir/access.log"; }

log "work directory $WORK; playbook $HOSTS hosts x $TASKS tasks; $COPIES copies per journal; $REPEATS repeats; nproc $(nproc)"

# ---- the playbook, recorded once with ara_journal (frames kept to build journals of distinct runs) ----
mkdir -p "$WORK/pb"
for i in $(seq 1 "$HOSTS"); do echo "host$i ansible_connection=local ansible_python_interpreter=/usr/bin/python3"; done >"$WORK/pb/hosts"
{
  echo "- name: production benchmark ($HOSTS hosts x $TASKS tasks)"
  echo "  hosts: all"
  echo "  gather_facts: false"
  echo "  tasks:"
  for t in $(seq 1 "$TASKS"); do
    case $((t % 3)) in
      1) printf '    - name: debug %d\n      debug:\n        msg: "task %d on {{ inventory_hostname }}"\n' "$t" "$t" ;;
      2) printf '    - name: set_fact %d\n      set_fact:\n        fact_%d: "{{ inventory_hostname }}-%d"\n' "$t" "$t" "$t" ;;
      0) printf '    - name: assert %d\n      assert:\n        that: inventory_hostname is defined\n        quiet: true\n' "$t" ;;
    esac
  done
} >"$WORK/pb/bench.yml"
ansible_env=(ANSIBLE_LOCAL_TEMP="$WORK/pb/.tmp" ANSIBLE_HOST_KEY_CHECKING=false ANSIBLE_RETRY_FILES_ENABLED=false
  ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=false ANSIBLE_FORKS="$FORKS")
run_playbook() { (cd "$WORK/pb" && env "${ansible_env[@]}" "$@" ansible-playbook -i hosts bench.yml >"$WORK/pb/last.log" 2>&1) \
  || { tail -20 "$WORK/pb/last.log" >&2; log "ansible-playbook failed"; exit 1; }; }

frames="$WORK/frames.bin"
if [ -n "${RECORDED:-}" ]; then
  frames="$RECORDED/frames.bin"; log "reusing $frames"
else
  cat >"$WORK/tee-recorder.sh" <<TEE
#!/bin/sh
tee -a "$frames" | "$here/bin/ara-journal" record "\$@"
TEE
  chmod +x "$WORK/tee-recorder.sh"
  run_playbook ANSIBLE_CALLBACK_PLUGINS="$here/recorder/src/main/python/callback_plugins" \
    ARA_JOURNAL_DIR="$WORK/recorded" ARA_JOURNAL_RECORDER="$WORK/tee-recorder.sh"
fi

journal() {  # DIR FIRST COPIES: copies FIRST.. of the recorded run as distinct runs (new ids, times an hour apart)
  mkdir -p "$1"
  /usr/bin/python3 - "$frames" "$2" "$3" <<'PY' | "$here/bin/ara-journal" record --journal "$1" >/dev/null 2>>"$WORK/journals.err"
import json, struct, sys, uuid
from datetime import datetime, timedelta
d = open(sys.argv[1], 'rb').read(); first = int(sys.argv[2]); copies = int(sys.argv[3]); events = []; i = 0
while i < len(d):
    l = struct.unpack('>I', d[i:i+4])[0]; events.append(json.loads(d[i+4:i+4+l])); i += 4 + l
path = events[0]['path']
out = sys.stdout.buffer
for copy in range(first, first + copies):
    ids = {}; run = str(uuid.uuid4()); shift = timedelta(hours=copy)
    for original in events:
        e = json.loads(json.dumps(original)); e['run'] = run
        if e.get('path') == path:
            e['path'] = path.replace('.yml', '-copy%d.yml' % copy)
        for f in ('time', 'started'):
            if isinstance(e.get(f), str):
                e[f] = (datetime.fromisoformat(e[f]) + shift).isoformat()
        for f in ('uuid', 'play_uuid', 'task_uuid'):
            if isinstance(e.get(f), str):
                e[f] = ids.setdefault(e[f], str(uuid.uuid4()))
        b = json.dumps(e).encode()
        out.write(struct.pack('>I', len(b)) + b)
PY
}
per_run=$(/usr/bin/python3 - "$frames" <<'PY'
import json, struct, sys
d = open(sys.argv[1], 'rb').read(); i = n = 0
while i < len(d):
    l = struct.unpack('>I', d[i:i+4])[0]; n += json.loads(d[i+4:i+4+l]).get('type') == 'result'; i += 4 + l
print(n)
PY
)
journal "$WORK/journal-main" 0 "$COPIES"
for f in $(seq 1 "$FLEET"); do journal "$WORK/journal-fleet$f" $((f * COPIES)) "$COPIES"; done
expected=$((per_run * COPIES))
log "recorded run: $per_run results; journals of $COPIES copies: $expected results each"

replay() {  # JOURNAL OUT [extra args]; prints "wall user sys maxrss_kb"; state in $STATE or OUT.state; $BIN or ours
  local j=$1 out=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$out.time" "${BIN:-$here/bin/ara-journal}" replay --from "$j" --to "$server_url" \
    --threads "$THREADS" --state "${STATE:-$out.state}" "$@" >"$out.out" 2>"$out.err" || { tail -20 "$out.err" >&2; log "replay failed"; exit 1; }
  tail -1 "$out.time"
}

# ---- ceiling: POSTER_C posters, each on a fresh server ----
measure_ceiling() {  # REPEAT
  for c in $POSTER_C; do
    start_server
    line=$(/usr/bin/python3 "$here/bench/replay/poster.py" --url "$server_url" -n "$POSTER_N" -c "$c")
    stop_server
    r=$(sed -n 's/.*results_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    log "ceiling c=$c #$1: $line"
    record ceiling "c=$c" "$1" "$r"
  done
}

# ---- requests: ara_default for the same run, against the replay of one copy ----
if phase callback; then
  start_server access
  run_playbook ANSIBLE_CALLBACK_PLUGINS="$(/usr/bin/python3 -m ara.setup.callback_plugins)" ARA_API_CLIENT=http \
    ARA_API_SERVER="$server_url" ARA_CALLBACK_THREADS=4
  cb_requests=$(requests); cb_results=$(count results)
  stop_server
  start_server access
  journal "$WORK/journal-one" 0 1
  replay "$WORK/journal-one" "$WORK/one" >/dev/null
  rp_requests=$(requests); rp_results=$(count results)
  stop_server
  log "requests for one run: ara_default $cb_requests ($cb_results results), replay $rp_requests ($rp_results results)"
  record requests ara_default 1 "$cb_requests" "$cb_results"
  record requests replay 1 "$rp_requests" "$rp_results"
fi

# ---- one replay of journal-main, per --connection mode (and the baseline build) ----
measure_replay() {  # REPEAT
  local i=$1
  for mode in $CONNECTIONS ${BASELINE:+baseline}; do
    start_server
    bin="$here/bin/ara-journal" flag=(--connection "$mode")
    [ "$mode" = baseline ] && bin="$BASELINE/bin/ara-journal" flag=()
    read -r wall user sys rss < <(BIN="$bin" replay "$WORK/journal-main" "$WORK/main-$mode-$i" "${flag[@]}")
    stored=$(count results)
    if phase startup; then
      read -r swall suser ssys _ < <(BIN="$bin" STATE="$WORK/main-$mode-$i.state" replay "$WORK/journal-main" "$WORK/again-$mode-$i" "${flag[@]}")
      record startup "again connection=$mode" "$i" "$(calc "round(($suser + $ssys) * 1000)")" "$swall"
    fi
    stop_server
    summary=$(grep '^replay: ' "$WORK/main-$mode-$i.err" | tail -1)
    r=$(calc "round($stored / $wall, 1)"); cpu=$(calc "round(($user + $sys) * 1000 / $stored, 2)")
    log "replay #$i --connection $mode: $stored/$expected results in $wall s ($r/s), CPU $user+$sys s = $cpu ms/result, RSS $((rss / 1024)) MB; $summary"
    [ "$stored" = "$expected" ] || log "WARNING: $stored results stored, $expected expected"
    sent=$(sed -n 's/.* \([0-9]*\) requests,.*/\1/p' <<<"$summary")
    own=$(sed -n 's/.* events in \([0-9.]*\) s,.*/\1/p' <<<"$summary")
    record replay "threads=$THREADS connection=$mode" "$i" "$r" "$cpu" "$((rss / 1024))" "$wall" "$stored" \
      "$(calc "round(${sent:-0} / $wall, 1)")" "$(calc "round(${sent:-0} / ${own:-1}, 1)")"
  done
}

# ---- fleet: FLEET journals at once into one server ----
measure_fleet() {  # REPEAT
  local i=$1
  start_server
  start=$(date +%s.%N); pids=()
  for f in $(seq 1 "$FLEET"); do
    { replay "$WORK/journal-fleet$f" "$WORK/fleet$f-$i" >/dev/null; date +%s.%N >"$WORK/fleet$f-$i.end"; } & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  wall=$(calc "$(date +%s.%N) - $start")
  stored=$(count results); playbooks=$(count playbooks)
  dupes=$(/usr/bin/python3 - "$server_url" <<'PY'
import json, sys, urllib.request
from collections import Counter
def all_of(what):
    out, url = [], sys.argv[1] + '/api/v1/' + what + '?limit=1000'
    while url:
        page = json.load(urllib.request.urlopen(url, timeout=60)); out += page['results']; url = page['next']
    return out
print(sum(n - 1 for n in Counter((r['task'], r['host']) for r in all_of('results')).values() if n > 1))
PY
)
  # ARA's latest hosts: each name on the playbook that started last among those holding it.
  wrong=$(/usr/bin/python3 - "$server_url" <<'PY'
import json, sys, urllib.request
def all_of(what):
    out, url = [], sys.argv[1] + '/api/v1/' + what + '?limit=1000'
    while url:
        page = json.load(urllib.request.urlopen(url, timeout=60)); out += page['results']; url = page['next']
    return out
started = {p['id']: p['started'] for p in all_of('playbooks')}
newest = {}
for h in all_of('hosts'):
    if h['name'] not in newest or started[h['playbook']] > started[newest[h['name']]]:
        newest[h['name']] = h['playbook']
latest = {l['name']: l['host']['playbook']['id'] for l in all_of('latesthosts')}
print(sum(1 for name, pb in newest.items() if latest.get(name) != pb), len(newest))
PY
)
  stop_server
  r=$(calc "round($stored / $wall, 1)")
  log "fleet of $FLEET #$i: $stored/$((expected * FLEET)) results, $playbooks playbooks, $dupes duplicated, latest hosts wrong/names ${wrong/ //}, in $(calc "round($wall, 1)") s ($r/s)"
  sent=$(cat "$WORK"/fleet*-"$i".err | sed -n 's/^replay: .* \([0-9]*\) requests,.*/\1/p' | awk '{s += $1} END {print s + 0}')
  # The fleet's sending window: from the first replay's first request (its exit less its own sending
  # time, from its summary line) to the last one's exit; the JVMs' start-up before it is not the
  # server's work, and the wall time above keeps it.
  window=$(for f in $(seq 1 "$FLEET"); do
    echo "$(cat "$WORK/fleet$f-$i.end") $(sed -n 's/^replay: .* events in \([0-9.]*\) s,.*/\1/p' "$WORK/fleet$f-$i.err")"
  done | /usr/bin/python3 -c 'import sys; w = [tuple(map(float, l.split())) for l in sys.stdin]; print(max(e for e, _ in w) - min(e - o for e, o in w))')
  log "fleet of $FLEET #$i: $sent requests; sending window $(calc "round($window, 1)") s of $(calc "round($wall, 1)") s"
  record fleet "replays=$FLEET" "$i" "$r" "$stored" "$dupes" "${wrong%% *}" "$(calc "round($sent / $wall, 1)")" \
    "$(calc "round($sent / $window, 1)")" "$(calc "round($stored / $window, 1)")"
}

# Each repeat measures the ceiling, the replay and the fleet one after the other, so every ratio
# is taken against the ceiling of its own repeat: the machine's speed drifts over minutes.
for i in $(seq 1 "$REPEATS"); do
  if phase ceiling; then measure_ceiling "$i"; fi
  if phase replay; then measure_replay "$i"; fi
  if phase fleet; then measure_fleet "$i"; fi
done

# ---- service: one `replay --follow` fed runs while it runs, as the installed service is ----
if phase service; then
  start_server
  sj="$WORK/journal-service"
  "$here/bin/ara-journal" replay --from "$sj" --to "$server_url" --threads "$THREADS" --state "$WORK/service.state" \
    --follow >"$WORK/service.out" 2>"$WORK/service.err" &
  service=$!
  ticks=$(getconf CLK_TCK)
  cpu_ms() { awk -v t="$ticks" '{print int(($14 + $15) * 1000 / t)}' "/proc/$service/stat"; }  # the JVM's, all threads
  before=0
  for b in $(seq 1 "$SERVICE_BATCHES"); do
    # recorded while the service follows the journal: it starts before the first run exists
    journal "$sj" $((100 + b * COPIES)) "$COPIES"
    want=$((b * expected))
    for _ in $(seq 1 600); do [ "$(count results)" -ge "$want" ] && break; sleep 0.5; done
    have=$(count results)
    [ "$have" -ge "$want" ] || { log "service: $have of $want results in ARA after 300 s; see $WORK/service.err"; exit 1; }
    now=$(cpu_ms)
    log "service batch $b: $expected results, replayer CPU $((now - before)) ms = $(calc "round(($now - $before) / $expected, 2)") ms/result"
    record service "batch=$([ "$b" = 1 ] && echo first || echo later)" "$b" "$(calc "round(($now - $before) / $expected, 2)")" "$now"
    before=$now
  done
  kill -TERM "$service"; wait "$service" || true
  log "service: $(grep '^replay: ' "$WORK/service.err" | tail -1)"
  stop_server
fi

# ---- table ----
# "% of ceiling": each measurement against the best poster of its own repeat, then the median and
# range of those ratios over the repeats (without a ceiling phase: nothing).
/usr/bin/python3 - "$results" "$expected" <<'PY'
import statistics, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
def pick(phase, variant=None):
    return [r for r in rows if r[0] == phase and (variant is None or r[1] == variant)]
def vals(phase, col=3, variant=None):
    return [float(r[col]) for r in pick(phase, variant)]
def med(v): return statistics.median(v) if v else float('nan')
def rng(v): return '%.1f-%.1f' % (min(v), max(v)) if v else '-'
ceiling = {}
for r in pick('ceiling'):
    ceiling[r[2]] = max(ceiling.get(r[2], 0.0), float(r[3]))
def pct(phase, col=3, variant=None):
    v = [100 * float(r[col]) / ceiling[r[2]] for r in pick(phase, variant) if r[2] in ceiling]
    return '%.0f%% (%.0f-%.0f%%)' % (med(v), min(v), max(v)) if v else ''
def line(what, phase, col=3, variant=None):
    v = vals(phase, col, variant)
    if v: print('| %s | %.1f | %s | %s |' % (what, med(v), rng(v), pct(phase, col, variant)))
print('\n| measurement | median | range | % of the ceiling of its repeat: median (range) |')
print('|---|---|---|---|')
for variant in dict.fromkeys(r[1] for r in pick('ceiling')):
    line('ceiling: poster.py %s, results/s' % variant, 'ceiling', 3, variant)
modes = list(dict.fromkeys(r[1] for r in pick('replay')))
for mode in modes:
    line('one replay (%s), results/s' % mode, 'replay', 3, mode)
    # the ceiling's requests are all result creates; a replay also sends what ARA's callback sends besides
    line('one replay (%s), requests/s (all kinds, against the ceiling\'s result creates)' % mode, 'replay', 8, mode)
    line('the same, over the replay\'s own sending time (its summary line: no JVM start)', 'replay', 9, mode)
line('fleet replays together, results/s', 'fleet', 3)
line('fleet replays together, requests/s (all kinds)', 'fleet', 7)
line('the same, over the fleet\'s sending window (first request to last: no JVM start)', 'fleet', 8)
line('fleet results/s over its sending window', 'fleet', 9)
first = None
for mode in modes:
    v = vals('replay', 4, mode)
    ratio = '' if first is None else 'x%.2f of %s' % (med(v) / first[1], first[0])
    first = first or (mode, med(v))
    print('| replayer CPU per delivered result, ms (%s results, start-up included; %s) | %.2f | %.2f-%.2f | %s |' % (sys.argv[2], mode, med(v), min(v), max(v), ratio))
for variant in dict.fromkeys(r[1] for r in pick('startup')):
    v = vals('startup', 3, variant)
    print('| of which start-up: a replay with nothing to send (%s), CPU ms | %.0f | %.0f-%.0f | |' % (variant, med(v), min(v), max(v)))
v = vals('service', 3, 'batch=first')
if v: print('| service (`replay --follow` started once, fed %s results at a time): CPU per result of the first batch, start-up included, ms | %.2f | %.2f-%.2f | |' % (sys.argv[2], med(v), min(v), max(v)))
v = vals('service', 3, 'batch=later')
if v: print('| service: CPU per result of each later batch, ms | %.2f | %.2f-%.2f | |' % (med(v), min(v), max(v)))
s = pick('service')
if s: print('| service: all %d batches, CPU per result, start-up included, ms | %.2f | | |' % (len(s), float(s[-1][4]) / (len(s) * int(sys.argv[2]))))
v = vals('replay', 5)
if v: print('| replayer max RSS, MB | %.0f | %.0f-%.0f | |' % (med(v), min(v), max(v)))
cb = pick('requests')
if len(cb) == 2:
    c, p = int(cb[0][3]), int(cb[1][3])
    print('| requests for one run: replay / ara_default | %d / %d | | x%.3f |' % (p, c, p / c))
v = vals('fleet', 5)
if v: print('| fleet: duplicated results (worst run) | %d | | |' % max(v))
v = vals('fleet', 6)
if v: print('| fleet: host names whose ARA latest host is not on their newest playbook (worst run) | %d | | |' % max(v))
PY
