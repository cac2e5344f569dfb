#!/usr/bin/env bash
# Concurrent jobs (issue 18): JOBS short ansible-playbook runs started at once (default 8, each its
# own process, bench/short/playbook.yml on 3 local hosts), timed from the first start to the last
# exit, with no extra callback (none), with ara-journal and a recorder per run
# (journal1: ARA_JOURNAL_RECORDER_IDLE=0, JOBS recorder JVMs at once) and with ara-journal and a
# shared recorder (journal: ARA_JOURNAL_RECORDER_IDLE=600). All runs of an ara-journal
# configuration record into one journal, as jobs of one controller would. Configurations alternate
# round by round in a rotating order; after each ara-journal round every run is checked whole in
# the journal (ara-journal inspect), and the script fails if one is not.
#
# Usage: bench/concurrent-jobs.sh [rounds (default 9)]
# Env:   JOBS (default 8), HOSTS (default 3), CONFIGS (default "none journal1 journal"),
#        JOURNAL_IDLE (ARA_JOURNAL_RECORDER_IDLE of "journal", default 600), WARMUP (1: an uncounted
#        round 0 first, the default; 0: none), OUT (default bench-out/concurrent-jobs-<time>).
# Needs: mvn -B -DskipTests package (for bin/ara-journal), ansible-core, time, bc.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$root/bench/lib.sh"
. "$root/bench/recorders.sh"
rounds="${1:-9}"
jobs="${JOBS:-8}"
hosts="${HOSTS:-3}"
configs=(${CONFIGS:-none journal1 journal})
journal_idle="${JOURNAL_IDLE:-600}"
out="${OUT:-$root/bench-out/concurrent-jobs-$(date -u +%Y%m%dT%H%M%SZ)}"
playbook="$root/bench/short/playbook.yml"
# What each run of the playbook must leave in the journal (bench/short/playbook.yml).
plays_per_run=1
tasks_per_run=6

for tool in /usr/bin/ansible-playbook /usr/bin/python3 /usr/bin/time bc; do
  command -v "$tool" >/dev/null || { echo "concurrent-jobs.sh: $tool is missing (apt-get install ansible-core time bc)" >&2; exit 2; }
done
[ -f "$root/replayer/target/ara-journal.jar" ] || { echo "concurrent-jobs.sh: build first: (cd $root && mvn -B -DskipTests package)" >&2; exit 2; }
for c in "${configs[@]}"; do
  case "$c" in none|journal1|journal) ;; *) echo "concurrent-jobs.sh: unknown configuration $c (none, journal1, journal)" >&2; exit 2 ;; esac
done

mkdir -p "$out"
work="$(mktemp -d)"
cleanup() {
  local c
  for c in journal1 journal; do stop_recorders "$work/$c"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

inventory="$work/inventory.ini"
local_inventory "$hosts" >"$inventory"
echo "$journal_idle" >"$out/journal-idle"

# The recorder's CPU, logged by /usr/bin/time as it exits, one line per recorder process: wall
# user sys. A shared recorder's line comes only when it is stopped at the end.
callback_env() { # config -> the environment of its ansible-playbook runs, one VAR=value a line
  local config="$1" idle
  case "$config" in
    none) return 0 ;;
    journal1) idle=0 ;;
    journal) idle="$journal_idle" ;;
  esac
  echo "ANSIBLE_CALLBACK_PLUGINS=$root/recorder/src/main/python/callback_plugins"
  echo "ARA_JOURNAL_DIR=$work/$config"
  echo "ARA_JOURNAL_RECORDER=/usr/bin/time -a -o $out/recorder-cpu-$config.txt -f '%e %U %S' $root/bin/ara-journal record"
  echo "ARA_JOURNAL_RECORDER_IDLE=$idle"
}

inspect() { # journal file -> the journal's runs as JSON in file (no runs before its first run)
  if [ -d "$1" ]; then
    "$root/bin/ara-journal" inspect --journal "$1" --json >"$2" 2>"$2.err" \
      || { echo "concurrent-jobs.sh: ara-journal inspect --journal $1 failed; see $2.err" >&2; exit 1; }
  else
    echo '{"runs": [], "problems": []}' >"$2"
  fi
}

run_round() { # config round -> appends a line to results.tsv
  local config="$1" round="$2" dir="$out/$1-$2" env=() pids=() failed=() i t0 t1 job_walls
  mkdir -p "$dir"
  mapfile -t env < <(callback_env "$config")
  if [ "$config" != none ]; then inspect "$work/$config" "$dir/before.json"; fi
  t0="$(date +%s.%N)"
  for i in $(seq 1 "$jobs"); do
    env ${env[@]+"${env[@]}"} /usr/bin/time -o "$dir/job$i.time" -f '%e %U %S' \
      /usr/bin/ansible-playbook -i "$inventory" "$playbook" >"$dir/job$i.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("$dir/job$((i + 1)).log")
  done
  t1="$(date +%s.%N)"
  if [ ${#failed[@]} -gt 0 ]; then
    echo "concurrent-jobs.sh: $config round $round: ${#failed[@]} of $jobs jobs failed; see ${failed[*]}" >&2
    exit 1
  fi
  # Recorders finish after their jobs: a per-run recorder's shutdown, or what a shared one does
  # after the runs, belongs to this round, not to the next one.
  case "$config" in
    journal1) wait_for_recorder_exit "$work/$config" ;;
    journal) wait_for_quiet_recorders "$work/$config" ;;
  esac
  if [ "$config" != none ]; then
    inspect "$work/$config" "$dir/after.json"
    /usr/bin/python3 "$root/bench/concurrent/check_runs.py" "$dir/before.json" "$dir/after.json" \
      "$jobs" "$plays_per_run" "$tasks_per_run" "$hosts" "$playbook" >"$dir/check.txt" \
      || { echo "concurrent-jobs.sh: $config round $round: the journal does not hold $jobs whole new runs; see $dir" >&2; exit 1; }
  fi
  # Each job's own wall and CPU (its whole process tree), from its /usr/bin/time line.
  job_walls="$(awk 'NF == 3 {print $1}' "$dir"/job*.time | sort -n)"
  printf '%s\t%s\t%.3f\t%s\t%s\t%s\n' "$config" "$round" "$(echo "$t1 - $t0" | bc)" \
    "$(awk 'NF == 3 {cpu += $2 + $3} END {printf "%.2f", cpu}' "$dir"/job*.time)" \
    "$(echo "$job_walls" | sed -n "$(((jobs + 1) / 2))p")" "$(echo "$job_walls" | tail -1)" >>"$out/results.tsv"
}

printf 'config\tround\twall\tjobs_cpu\tmedian_job_wall\tmax_job_wall\n' >"$out/results.tsv"
echo "concurrent-jobs.sh: $rounds rounds of ${configs[*]}, $jobs jobs at once ($hosts hosts each), results in $out" >&2
# Round 0 (WARMUP=1, the default) warms the page cache and the journals, and starts the shared
# recorder; it is not counted.
n=${#configs[@]}
for round in $(seq $((1 - ${WARMUP:-1})) "$rounds"); do
  for i in $(seq 0 $((n - 1))); do
    config="${configs[$(((i + round) % n))]}"
    run_round "$config" "$round"
    echo "  round $round $config: $(tail -1 "$out/results.tsv" | cut -f3) s$( [ "$config" = none ] || echo "; $(cat "$out/$config-$round/check.txt")")" >&2
  done
done

# A shared recorder logs its CPU only when it exits.
for c in journal1 journal; do stop_recorders "$work/$c"; done
/usr/bin/python3 "$root/bench/concurrent/summarize.py" "$out" "$jobs" "${configs[@]}" | tee "$out/table.md"
