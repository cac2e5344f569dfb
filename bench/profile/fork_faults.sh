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
#   DIR      ara_journal.py from DIR (another version of the plugin) with this checkout's recorder
# Env: HOSTS (20), TASKS (10). Configurations alternate run by run; prints one line per run, then
# the median of each count per configuration.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs="${1:?usage: fork_faults.sh RUNS [CONFIG...]}"
shift
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(none noop journal)
hosts="${HOSTS:-20}"
tasks="${TASKS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for i in $(seq 1 "$hosts"); do
  echo "host$i ansible_connection=local ansible_python_interpreter=/usr/bin/python3"
done >"$work/inventory.ini"
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
  env ${env[@]+"${env[@]}"} ARA_JOURNAL_DIR="$work/journal" ARA_JOURNAL_RECORDER="$root/bin/ara-journal record" \
    ANSIBLE_FORKS="$hosts" /usr/bin/time -o "$work/time" -f '%R' \
    /usr/bin/python3 "$root/bench/foreground/controller_cpu.py" "$work/controller" \
    /usr/bin/ansible-playbook -i "$work/inventory.ini" "$work/playbook.yml" >"$work/run.log" 2>&1 \
    || { echo "fork_faults.sh: $config failed:" >&2; tail -20 "$work/run.log" >&2; exit 1; }
  local tree controller
  tree="$(cat "$work/time")"
  controller="$(cut -d' ' -f3 "$work/controller")"
  rm -f "$work/controller"
  echo "$tree $controller $((tree - controller))"
  # The recorder outlives ansible-playbook by its shutdown; let it finish before the next run.
  for _ in $(seq 1 600); do pgrep -f -- "--journal $work/" >/dev/null || break; sleep 0.1; done
}

printf '%-10s %10s %10s %10s\n' config tree controller workers
for round in $(seq 1 "$runs"); do
  for config in "${configs[@]}"; do
    read -r tree controller workers < <(run_one "$config")
    printf '%-10s %10d %10d %10d\n' "$(basename "$config")" "$tree" "$controller" "$workers" | tee -a "$work/results"
  done
done
echo "medians ($runs runs, $hosts hosts x $tasks tasks):"
for config in "${configs[@]}"; do
  name="$(basename "$config")"
  awk -v c="$name" '$1 == c { t[n] = $2; k[n] = $3; w[n] = $4; n++ }
    function median(a, n,   i, j, x) { for (i = 1; i < n; i++) for (j = i; j > 0 && a[j-1] > a[j]; j--) { x = a[j]; a[j] = a[j-1]; a[j-1] = x }
      return n % 2 ? a[int(n/2)] : (a[n/2-1] + a[n/2]) / 2 }
    END { printf "%-10s %10d %10d %10d\n", c, median(t, n), median(k, n), median(w, n) }' "$work/results"
done
