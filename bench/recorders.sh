# Finds, waits for and stops the ara-journal recorders of one journal (source it). With a shared
# recorder (ARA_JOURNAL_RECORDER_IDLE > 0) the recorder lingers after its run, in a session of its
# own: a benchmark must neither wait for it to exit nor leave it behind.

# Prints the pids of the recorder processes writing JOURNAL (an absolute path, as the callback
# passes it), leaving out /usr/bin/time wrappers, which exit with the recorder they wrap.
recorder_pids() {
  local pid
  for pid in $(pgrep -f -- "(RecordMain|ara-journal record).* --journal $1( |\$)" || true); do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = time ] || echo "$pid"
  done
}

# Prints the CPU ticks (user + system) the given pids have used so far.
recorder_ticks() {
  local pid stat fields total=0
  for pid in "$@"; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    # The fields after the command name (which may hold spaces), from field 3: utime is 14, stime 15.
    read -r -a fields <<<"${stat##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# Waits until every recorder of JOURNAL has exited (a per-run recorder: its shutdown must not eat
# into the next run).
wait_for_recorder_exit() {
  local _
  for _ in $(seq 1 600); do
    [ -z "$(recorder_pids "$1")" ] && return 0
    sleep 0.1
  done
  echo "a recorder of $1 is still running after 60 s" >&2
}

# Waits until the recorders of JOURNAL have exited or gone idle (no CPU tick over 0.3 s): a shared
# recorder stays, but whatever it does after a run must not eat into the next one either.
wait_for_quiet_recorders() {
  local _ pids before
  for _ in $(seq 1 100); do
    pids="$(recorder_pids "$1")"
    [ -z "$pids" ] && return 0
    before="$(recorder_ticks $pids)"
    sleep 0.3
    [ "$(recorder_pids "$1")" = "$pids" ] && [ "$(recorder_ticks $pids)" = "$before" ] && return 0
  done
  echo "the recorders of $1 are still busy after 30 s" >&2
}

# Stops the recorders of JOURNAL (SIGTERM, then SIGKILL after 30 s) and waits for them and for
# their /usr/bin/time wrappers, so that the wrappers' CPU logs are complete on return.
stop_recorders() {
  local pids _
  pids="$(recorder_pids "$1")"
  [ -n "$pids" ] || return 0
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 300); do
    pgrep -f -- "(RecordMain|ara-journal record).* --journal $1( |\$)" >/dev/null || return 0
    sleep 0.1
  done
  echo "recorders of $1 ignored SIGTERM for 30 s; killing them" >&2
  kill -KILL $(recorder_pids "$1") 2>/dev/null || true
}
