#!/usr/bin/env bash
# Page faults of Ansible's controller and of its forked workers, with and without a callback: the
# steady measure of what a callback costs around forks (CPU drifts with the VM's speed by 10-20%
# within minutes; these counts move by about 1%). The workload is TASKS `debug` tasks on HOSTS
# local hosts: debug runs inside the worker, no module process, so the workers' faults are theirs.
#
# Usage: bench/profile/fork_faults.sh RUNS [CONFIG...]   (default configurations: none noop journal)
#   none     no extra callback
#   noop     an enabled callback whose hooks do nothing (noop_callback/): Ansible's own cost of one
#   journal  ara_journal recording with bin/ara-journal record
#   DIR      a callback_plugins/ of another version of the plugin (with the ara_journal_lib/ beside it,
#            for versions that have one) with this checkout's recorder
# Env: HOSTS (20), TASKS (10). Configurations alternate run by run; prints one line per run, then
# the median of each count per configuration.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
. "$root/bench/lib.sh"
runs="${1:?usage: fork_faults.sh RUNS [CONFIG...]}"
shift
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(none noop journal)
hosts="${HOSTS:-20}"
tasks="${TASKS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

local_inventory "$hosts" >"$work/inventory.ini"
{
  printf -- '- hosts: all\n  gather_facts: false\n  tasks:\n'
  for i in $(seq 1 "$tasks"); do
    printf '    - name: debug %d\n      ansible.builtin.debug:\n        msg: "{{ inventory_hostname }} %d"\n' "$i" "$i"
  done
} >"$work/playbook.yml"

run_one() { # config -> "tree controller workers"
  local config="$1" env=()
  case "$config" in
    none) ;;
    noop) env=(ANSIBLE_CALLBACK_PLUGINS="$root/bench/profile/noop_callback") ;;
    journal) env=(ANSIBLE_CALLBACK_PLUGINS="$root/recorder/src/main/python/callback_plugins") ;;
    *) [ -f "$config/ara_journal.py" ] || { echo "fork_faults.sh: $config: no ara_journal.py there" >&2; exit 2; }
       env=(ANSIBLE_CALLBACK_PLUGINS="$config") ;;
  esac
  # A recorder per run (idle 0): the faults of one run, with its recorder gone before the next.
  env ${env[@]+"${env[@]}"} ARA_JOURNAL_DIR="$work/journal" ARA_JOURNAL_RECORDER="$root/bin/ara-journal record" ARA_JOURNAL_RECORDER_IDLE=0 \
    ANSIBLE_FORKS="$hosts" /usr/bin/time -o "$work/time" -f '%R' \
    /usr/bin/python3 "$root/bench/foreground/controller_cpu.py" "$work/controller" \
    /usr/bin/ansible-playbook -i "$work/inventory.ini" "$work/playbook.yml" >"$work/run.log" 2>&1 \
    || { echo "fork_faults.sh: $config failed:" >&2; tail -20 "$work/run.log" >&2; exit 1; }
  local tree controller
  tree="$(cat "$work/time")"
  controller="$(cut -d' ' -f3 "$work/controller")"
  rm -f "$work/controller"
  wait_for_recorders "$work"
  echo "$tree $controller $((tree - controller))"
}

printf '%-10s %10s %10s %10s\n' config tree controller workers
for round in $(seq 1 "$runs"); do
  for config in "${configs[@]}"; do
    read -r tree controller workers < <(run_one "$config")
    printf '%-10s %10d %10d %10d\n' "$(basename "$config")" "$tree" "$controller" "$workers" | tee -a "$work/results"
  done
done
echo "medians ($runs runs, $hosts hosts x $tasks tasks):"
/usr/bin/python3 - "$work/results" "${configs[@]}" <<'PY'
import statistics, sys, os
rows = [line.split() for line in open(sys.argv[1])]
for config in sys.argv[2:]:
    name = os.path.basename(config)
    mine = [row for row in rows if row[0] == name]
    print("%-10s" % name + "".join(" %10d" % statistics.median(int(row[i]) for row in mine) for i in (1, 2, 3)))
PY
