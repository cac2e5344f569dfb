# Shared by the benchmark scripts that run ansible-playbook (source it).

# Prints an inventory of N local hosts, each running its modules with the system Python.
local_inventory() {
  local i
  for i in $(seq 1 "$1"); do
    echo "host$i ansible_connection=local ansible_python_interpreter=/usr/bin/python3"
  done
}

# Waits until no recorder with a journal under DIR is running: a recorder outlives ansible-playbook
# by its shutdown, which must not eat into the next run.
wait_for_recorders() {
  local _
  for _ in $(seq 1 600); do
    pgrep -f -- "--journal $1/" >/dev/null || return 0
    sleep 0.1
  done
  echo "a recorder with a journal under $1 is still running after 60 s" >&2
}
