#!/usr/bin/env bash
# Foreground overhead: wall time of the same ansible-playbook run with no extra callback, with
# ara-journal recording, and with ARA's own callback posting to a local ARA server (threads 0 and
# 4). Configurations alternate run by run (rotating order), so load drifts on a shared machine hit
# each of them alike; the table reports medians and the ratio to "no callback", then the ratio
# adjusted for the machine's speed during each run (bench/foreground/summarize.py).
#
# Usage: bench/foreground.sh [runs-per-configuration (default 5)]
# Env:   HOSTS (local hosts in the inventory, default 20), WARMUP (1: an uncounted round 0 first; 0: none), PLAYBOOK (default bench/foreground/playbook.yml), FORKS (default 20), OUT (result directory),
#        CONFIGS (default "none journal ara0 ara4"; also "journal1" and "baseline"),
#        JOURNAL_IDLE (ARA_JOURNAL_RECORDER_IDLE of "journal" and "baseline", default 600: one shared
#        recorder serves all their runs; "journal1" records with 0, a recorder per run),
#        RECORDER (ara-journal recorder command; default: bin/ara-journal record under /usr/bin/time,
#        which logs the recorder's own CPU time since it outlives ansible-playbook's rusage),
#        BASELINE_ROOT (another built checkout, e.g. a git worktree of an earlier commit: configuration
#        "baseline" records with its plugin and recorder, for a before/after comparison in one set).
# Needs: mvn -B -DskipTests package (for bin/ara-journal), ansible-core; ara-server and python3-ara
#        for ara0/ara4.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/lib.sh"
. "$root/bench/recorders.sh"
runs="${1:-5}"
forks="${FORKS:-20}"
configs=(${CONFIGS:-none journal ara0 ara4})
out="${OUT:-$root/bench-out/foreground-$(date -u +%Y%m%dT%H%M%SZ)}"
playbook="${PLAYBOOK:-$root/bench/foreground/playbook.yml}"
hosts="${HOSTS:-20}"
journal_idle="${JOURNAL_IDLE:-600}"

needs_server=0
for c in "${configs[@]}"; do case "$c" in ara*) needs_server=1 ;; esac; done
tools=(/usr/bin/ansible-playbook /usr/bin/time bc)
if [ "$needs_server" = 1 ]; then tools+=(ara-manage curl); fi
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "foreground.sh: $tool is missing (apt-get install ansible-core ara-server time curl bc)" >&2; exit 2; }
done
[ -f "$root/replayer/target/ara-journal.jar" ] || { echo "foreground.sh: build first: (cd $root && mvn -B -DskipTests package)" >&2; exit 2; }
if [ "$needs_server" = 1 ]; then ara_callbacks="$(/usr/bin/python3 -m ara.setup.callback_plugins)"; fi

mkdir -p "$out"
work="$(mktemp -d)"
journal="$work/journal"
journal1="$work/journal1"
baseline_journal="$work/baseline-journal"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for j in "$journal" "$journal1" "$baseline_journal"; do stop_recorders "$j"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

inventory="$work/inventory.ini"
local_inventory "$hosts" >"$inventory"

# The recorder runs in its own session and outlives ansible-playbook by its shutdown (a shared one
# by its idle time, until stopped at the end); its CPU is logged by /usr/bin/time here, one line
# per recorder process: wall user sys.
: >"$out/recorder-cpu.txt"
: >"$out/recorder-cpu-journal1.txt"
recorder="${RECORDER:-/usr/bin/time -a -o $out/recorder-cpu.txt -f '%e %U %S' $root/bin/ara-journal record}"
recorder1="${RECORDER:-/usr/bin/time -a -o $out/recorder-cpu-journal1.txt -f '%e %U %S' $root/bin/ara-journal record}"
echo "$journal_idle" >"$out/journal-idle"
baseline="${BASELINE_ROOT:-}"
baseline_recorder="/usr/bin/time -a -o $out/baseline-recorder-cpu.txt -f '%e %U %S' $baseline/bin/ara-journal record"
if printf '%s\n' "${configs[@]}" | grep -qx baseline; then
  [ -x "$baseline/bin/ara-journal" ] || { echo "foreground.sh: configuration baseline needs BASELINE_ROOT (a built checkout)" >&2; exit 2; }
  : >"$out/baseline-recorder-cpu.txt"
fi

if [ "$needs_server" = 1 ]; then
  port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  export ARA_BASE_DIR="$work/ara"
  ara-manage migrate >"$out/ara-migrate.log" 2>&1
  ara-manage runserver --noreload "127.0.0.1:$port" >"$out/ara-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/api/" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { echo "foreground.sh: ARA server died; see $out/ara-server.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/" || { echo "foreground.sh: ARA server not up on port $port" >&2; exit 1; }
fi

run_one() { # config round -> appends a line to results.tsv
  local config="$1" round="$2" log="$out/$1-$2.log" env=() t0 t1
  case "$config" in
    none) ;;
    journal) env=(ANSIBLE_CALLBACK_PLUGINS="$root/recorder/src/main/python/callback_plugins"
                  ARA_JOURNAL_DIR="$journal" ARA_JOURNAL_RECORDER="$recorder"
                  ARA_JOURNAL_RECORDER_IDLE="$journal_idle") ;;
    journal1) env=(ANSIBLE_CALLBACK_PLUGINS="$root/recorder/src/main/python/callback_plugins"
                   ARA_JOURNAL_DIR="$journal1" ARA_JOURNAL_RECORDER="$recorder1"
                   ARA_JOURNAL_RECORDER_IDLE=0) ;;
    baseline) env=(ANSIBLE_CALLBACK_PLUGINS="$baseline/recorder/src/main/python/callback_plugins"
                   ARA_JOURNAL_DIR="$baseline_journal" ARA_JOURNAL_RECORDER="$baseline_recorder"
                   ARA_JOURNAL_RECORDER_IDLE="$journal_idle") ;;
    ara0|ara4) env=(ANSIBLE_CALLBACK_PLUGINS="$ara_callbacks" ARA_API_CLIENT=http
                    ARA_API_SERVER="http://127.0.0.1:$port" ARA_CALLBACK_THREADS="${config#ara}") ;;
    *) echo "foreground.sh: unknown configuration $config" >&2; exit 2 ;;
  esac
  t0="$(date +%s.%N)"
  rm -f "$log.controller"
  env ${env[@]+"${env[@]}"} ANSIBLE_FORKS="$forks" /usr/bin/time -o "$log.time" -f '%U %S %R %c' \
    /usr/bin/python3 "$root/bench/foreground/controller_cpu.py" "$log.controller" \
    /usr/bin/ansible-playbook -i "$inventory" "$playbook" >"$log" 2>&1 \
    || { echo "foreground.sh: $config run $round failed; see $log" >&2; exit 1; }
  t1="$(date +%s.%N)"
  read -r user sys faults preempted <"$log.time"
  read -r ctl_user ctl_sys ctl_faults ctl_preempted <"$log.controller"
  printf '%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$config" "$round" "$(echo "$t1 - $t0" | bc)" "$user" "$sys" \
    "$ctl_user" "$ctl_sys" "$faults" "$ctl_faults" "$preempted" "$ctl_preempted" >>"$out/results.tsv"
  # A per-run recorder's shutdown, or what a shared one does after a run, must not eat into the
  # next run; a shared recorder is not waited for, it lingers.
  case "$config" in
    journal) wait_for_quiet_recorders "$journal" ;;
    journal1) wait_for_recorder_exit "$journal1" ;;
    baseline) wait_for_quiet_recorders "$baseline_journal" ;;
  esac
  return 0
}

printf 'config\tround\twall\tuser\tsys\tcontroller_user\tcontroller_sys\tminor_faults\tcontroller_minor_faults\tinvoluntary_switches\tcontroller_involuntary_switches\n' >"$out/results.tsv"
echo "foreground.sh: $runs rounds of ${configs[*]} ($hosts hosts, forks $forks), results in $out" >&2
# Round 0 (WARMUP=1, the default) warms the page cache, the journal files and the server; it is
# not counted.
for round in $(seq $((1 - ${WARMUP:-1})) "$runs"); do
  n=${#configs[@]}
  for i in $(seq 0 $((n - 1))); do
    config="${configs[$(((i + round) % n))]}"
    run_one "$config" "$round"
    echo "  round $round $config: $(tail -1 "$out/results.tsv" | cut -f3) s" >&2
  done
done

# Shared recorders log their CPU only when they exit: stop them before the summary.
for j in "$journal" "$baseline_journal"; do stop_recorders "$j"; done
if printf '%s\n' "${configs[@]}" | grep -qx journal; then
  "$root/bin/ara-journal" inspect --journal "$journal" --json >"$out/journal-inspect.json" 2>"$out/journal-inspect.err" || true
fi
if printf '%s\n' "${configs[@]}" | grep -qx journal1; then
  "$root/bin/ara-journal" inspect --journal "$journal1" --json >"$out/journal1-inspect.json" 2>"$out/journal1-inspect.err" || true
fi

/usr/bin/python3 "$root/bench/foreground/summarize.py" "$out" "${configs[@]}" | tee "$out/table.md"
