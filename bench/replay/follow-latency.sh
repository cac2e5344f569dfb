#!/usr/bin/env bash
# How long a result takes to reach ARA under `replay --follow`, with the shared recorder: starts a
# fresh ARA server and `replay --follow` into it, then records RUNS playbook runs one after another
# into one journal, after an uncounted warm-up run. Run 1 starts the recorder (cold); later runs
# record through the recorder it left (warm, ARA_JOURNAL_RECORDER_IDLE) unless COLD_RUNS stops it. For every result: ARA's
# `created` minus its `ended`, which the replay copies from the result event's time, when the
# callback recorded it (same machine clock). A side poller (journal-arrivals.py) notes when each
# event became readable in the journal, which splits each latency into the journal's share and the
# replay's. Target: p99 under 1 s, a run's first tasks included.
#
# Usage: bench/replay/follow-latency.sh [runs (default 3)]     (after `mvn -B -q -DskipTests package`)
# Knobs: HOSTS=20 TASKS=10 FORKS=10 FIRST_TASKS=3 (the "first tasks" rows), SERVER=sqlite|pg
#        (ara-manage runserver on sqlite, or gunicorn + PostgreSQL through ara-postgres.sh),
#        IDLE=300 (ARA_JOURNAL_RECORDER_IDLE; 0 = a recorder per run, every run cold),
#        WARMUP=1 (an uncounted run 0 first, delivered whole before run 1: the server, the follow
#        and the host names are warm, as under a follow that has been running; 0: run 1 meets a
#        fresh server and a new follow too), COLD_RUNS="1" (runs before which the shared recorder
#        is stopped, as if its idle time had passed; the others record through a warm one),
#        COMPARE_ROOT (another built checkout: its `replay --follow` follows the same journal into a
#        second server of its own, side by side; both are reported), THREADS (replay --threads),
#        FOLLOW_OPTS (more replay options), OUT (default bench-out/follow-latency-DATE).
#        ARA_JOURNAL_JAVA_OPTS reaches the follows too, e.g.
#        -Dorg.slf4j.simpleLogger.log.org.arajournal.ara=debug logs every request and its time.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
. "$root/bench/lib.sh"
. "$root/bench/recorders.sh"
RUNS=${1:-3}
HOSTS=${HOSTS:-20} TASKS=${TASKS:-10} FORKS=${FORKS:-10} FIRST_TASKS=${FIRST_TASKS:-3}
SERVER=${SERVER:-sqlite} IDLE=${IDLE:-300} COLD_RUNS=" ${COLD_RUNS:-1} " WARMUP=${WARMUP:-1}
case "$WARMUP" in 0|1) ;; *) echo "follow-latency.sh: WARMUP is 0 or 1" >&2; exit 2 ;; esac
out="${OUT:-$root/bench-out/follow-latency-$(date -u +%Y%m%dT%H%M%SZ)}"
roots=("$root"); labels=(this)
if [ -n "${COMPARE_ROOT:-}" ]; then roots+=("$(cd "$COMPARE_ROOT" && pwd)"); labels+=(compare); fi
for r in "${roots[@]}"; do
  [ -f "$r/replayer/target/ara-journal.jar" ] || { echo "follow-latency.sh: build $r first: mvn -B -q -DskipTests package" >&2; exit 2; }
done
for tool in ansible-playbook ara-manage bc; do
  command -v "$tool" >/dev/null || { echo "follow-latency.sh: $tool is missing (apt-get install ansible-core ara-server bc)" >&2; exit 2; }
done
mkdir -p "$out"
work=$(mktemp -d /tmp/follow-latency.XXXXXX)
# PostgreSQL runs as its own user when this runs as root: it must reach its directory in here.
[ "$SERVER" = pg ] && chmod 711 "$work"
journal="$work/journal"
server_pids=() follow_pids=() urls=() arrivals_pid=""
cleanup() {
  local p i
  for p in ${follow_pids[@]+"${follow_pids[@]}"}; do kill -TERM "$p" 2>/dev/null || true; done
  [ -n "$arrivals_pid" ] && { touch "$work/stop-arrivals"; wait "$arrivals_pid" 2>/dev/null || true; }
  stop_recorders "$journal"
  for i in "${!labels[@]}"; do
    [ "$SERVER" = pg ] && { "$root/bench/replay/ara-postgres.sh" stop "$work/pg-${labels[$i]}" || true; }
  done
  for p in ${server_pids[@]+"${server_pids[@]}"}; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { echo "follow-latency: $*" >&2; }

start_server() {  # LABEL -> appends to urls
  local label="$1" port url pid
  if [ "$SERVER" = pg ]; then
    urls+=("$("$root/bench/replay/ara-postgres.sh" start "$work/pg-$label")")
    return
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  ARA_BASE_DIR="$work/ara-$label" ARA_DEBUG=false ARA_LOG_LEVEL=WARNING ara-manage migrate >"$out/$label/migrate.log" 2>&1
  ARA_BASE_DIR="$work/ara-$label" ARA_DEBUG=false ARA_LOG_LEVEL=WARNING \
    ara-manage runserver --noreload "127.0.0.1:$port" >"$out/$label/server.log" 2>&1 &
  pid=$!
  server_pids+=("$pid")
  until python3 -c "import urllib.request; urllib.request.urlopen('$url/api/', timeout=2)" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { say "ARA server died; see $out/$label/server.log"; exit 1; }
    sleep 0.2
  done
  urls+=("$url")
}

mkdir -p "$work/pb"
local_inventory "$HOSTS" >"$work/pb/hosts"
{
  echo "- hosts: all"; echo "  gather_facts: false"; echo "  tasks:"
  for t in $(seq 1 "$TASKS"); do
    case $((t % 4)) in
      1) printf '    - name: step %d\n      debug:\n        msg: "step %d on {{ inventory_hostname }}"\n' "$t" "$t" ;;
      2) printf '    - name: step %d\n      set_fact:\n        step%d: "{{ inventory_hostname }}"\n' "$t" "$t" ;;
      3) printf '    - name: step %d\n      assert:\n        that: inventory_hostname is defined\n        quiet: true\n' "$t" ;;
      0) printf '    - name: step %d\n      command: "true"\n      changed_when: false\n' "$t" ;;
    esac
  done
} >"$work/pb/site.yml"

python3 "$root/bench/replay/journal-arrivals.py" "$journal" "$work/stop-arrivals" "$out/arrivals.tsv" &
arrivals_pid=$!
for i in "${!labels[@]}"; do
  label=${labels[$i]}
  mkdir -p "$out/$label"
  git -C "${roots[$i]}" rev-parse --short HEAD >"$out/$label/commit" 2>/dev/null || echo unknown >"$out/$label/commit"
  start_server "$label"
  "${roots[$i]}/bin/ara-journal" replay --from "$journal" --to "${urls[$i]}" --follow ${THREADS:+--threads "$THREADS"} \
    ${FOLLOW_OPTS:-} >"$out/$label/follow.out" 2>"$out/$label/follow.log" &
  follow_pids+=($!)
  until grep -q following "$out/$label/follow.log"; do
    kill -0 "${follow_pids[$i]}" 2>/dev/null || { say "replay --follow ended; see $out/$label/follow.log"; exit 1; }
    sleep 0.2
  done
done

# Waits until every follow's server holds the results of COUNT runs and none is running.
await_delivered() {
  local count="$1" i check
  for i in "${!labels[@]}"; do
    check="import json,urllib.request
g=lambda p: json.load(urllib.request.urlopen('${urls[$i]}/api/v1/'+p))
r=g('results?limit=1')['count']; c=g('playbooks?status=running&limit=1')['count']
print('yes' if r >= $((count * HOSTS * TASKS)) and c == 0 else 'no')"
    for _ in $(seq 1 600); do
      [ "$(python3 -c "$check")" = yes ] && break
      sleep 0.2
    done
    [ "$(python3 -c "$check")" = yes ] || say "${labels[$i]}: ARA lacks results of $count runs 120 s after the last one"
  done
}

say "$WARMUP warm-up + $RUNS runs of $HOSTS hosts x $TASKS tasks (forks $FORKS), follows ${labels[*]} into $SERVER, recorder idle $IDLE s; out $out"
printf 'run\trecorder\tstart_utc\twall_s\tload1\n' >"$out/runs.tsv"
for n in $(seq $((1 - WARMUP)) "$RUNS"); do
  case "$COLD_RUNS" in *" $n "*) stop_recorders "$journal" ;; esac
  if [ -n "$(recorder_pids "$journal")" ]; then recorder=warm; else recorder=cold; fi
  t0=$(date +%s.%N)
  (cd "$work/pb" && ANSIBLE_CALLBACK_PLUGINS="$root/recorder/src/main/python/callback_plugins" ARA_JOURNAL_DIR="$journal" \
    ARA_JOURNAL_RECORDER_IDLE="$IDLE" ANSIBLE_FORKS="$FORKS" ANSIBLE_LOCAL_TEMP="$work/pb/.tmp" ANSIBLE_NOCOLOR=1 \
    ansible-playbook -i hosts site.yml >"$out/ansible-$n.log" 2>&1) || { say "run $n failed; see $out/ansible-$n.log"; exit 1; }
  t1=$(date +%s.%N)
  printf '%d\t%s\t%s\t%.2f\t%s\n' "$n" "$recorder" "$(date -u -d "@$t0" +%H:%M:%S)" "$(echo "$t1 - $t0" | bc)" \
    "$(cut -d' ' -f1 /proc/loadavg)" >>"$out/runs.tsv"
  say "run $n ($recorder recorder): $(tail -1 "$out/runs.tsv" | cut -f4) s, load $(cut -d' ' -f1 /proc/loadavg)"
  # The warm-up is delivered whole before run 1: the measured runs meet no backlog.
  [ "$n" = 0 ] && await_delivered 1
  # A per-run recorder's exit must not eat into the next run; a shared one lingers, quiet.
  if [ "$IDLE" = 0 ]; then wait_for_recorder_exit "$journal"; else wait_for_quiet_recorders "$journal"; fi
done
await_delivered $((WARMUP + RUNS))
for i in "${!labels[@]}"; do
  kill -TERM "${follow_pids[$i]}"; wait "${follow_pids[$i]}" || say "${labels[$i]}: replay --follow exited $?"
done
follow_pids=()
touch "$work/stop-arrivals"; wait "$arrivals_pid" || true
arrivals_pid=""
stop_recorders "$journal"

{
  echo "## follow-latency $(date -u +%Y-%m-%dT%H:%MZ): $WARMUP warm-up + $RUNS runs x $HOSTS hosts x $TASKS tasks (forks $FORKS), $SERVER, recorder idle $IDLE s"
  echo
  echo "Runs (recorder, wall, load at the end): $(awk -F'\t' 'NR > 1 { printf "%s%s %s %s s (load %s)", (NR > 2 ? ", " : ""), $1, $2, $4, $5 }' "$out/runs.tsv")"
  for i in "${!labels[@]}"; do
    label=${labels[$i]}
    echo
    echo "### follow: $label (${roots[$i]}, commit $(cat "$out/$label/commit"))"
    echo
    python3 "$root/bench/replay/follow-latency-report.py" "${urls[$i]}" "$out/arrivals.tsv" "$out/runs.tsv" "$out/$label" "$FIRST_TASKS" "$WARMUP"
    echo
    echo "Replay: $(grep -c 'Replayer - run .* -> ' "$out/$label/follow.log" || true) run(s) delivered; $(tail -1 "$out/$label/follow.log")"
  done
} | tee "$out/summary.md"
