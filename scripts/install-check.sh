#!/usr/bin/env bash
# Installs the built .deb as an operator would, records a playbook and replays it into a throwaway
# ARA server with the installed command only, then removes and purges the package (CI, as root).
#
# Usage: scripts/install-check.sh        (after `mvn -B verify` or `package`; root; Debian 12 or 13)
# Needs: apt, ansible-core, ara-server, curl. Stops at the first failed step and says why; exit 1.
# Replaces an ara-journal package already installed on this machine, and purges it at the end.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
passed=0
failed=0
work=""
server_pid=""
installed_by_us=""

finish() {
  local rc=$?
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  # The shared recorder would serve on until idle (journal_recorder_idle) in a directory about to go.
  [ -z "$work" ] || pkill -KILL -f -- "--journal $work/home/journal" 2>/dev/null
  if [ -n "$installed_by_us" ] && dpkg-query -W -f='${Status}' ara-journal 2>/dev/null | grep -q installed; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq ara-journal >/dev/null 2>&1
  fi
  [ -z "$work" ] || rm -rf "$work"
  echo "install-check: $passed passed, $failed failed"
  if [ "$failed" -gt 0 ] || [ "$rc" -ne 0 ]; then exit 1; fi
}
trap finish EXIT

# step NAME FUNCTION: one check, run with `set -e` in a subshell (state it needs is set before it);
# its output is shown only when it fails, and then the whole check stops.
step() {
  local name="$1" t0=$SECONDS rc
  shift
  ( set -e; "$@" ) >"$work/step.log" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    printf 'install-check: ok   %s (%ds)\n' "$name" $((SECONDS - t0))
  else
    failed=$((failed + 1))
    printf 'install-check: FAIL %s\n' "$name"
    sed 's/^/  | /' "$work/step.log"
    exit 1
  fi
}

fail() { echo "$*" >&2; exit 1; }

# Runs CMD as an unprivileged user with a bare environment, from the work dir: nothing of the
# checkout or of CI's environment may help the installed command.
as_user() {
  runuser -u nobody -- env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 \
    ANSIBLE_LOCAL_TEMP="$work/home/.ansible-local" ANSIBLE_REMOTE_TMP="$work/home/.ansible-remote" \
    bash -c "cd '$work/home' && $1"
}

[ "$(id -u)" = 0 ] || { echo "install-check: must run as root (it installs a package)" >&2; failed=1; exit 1; }
export DEBIAN_FRONTEND=noninteractive
work="$(mktemp -d -t ara-journal-install-check.XXXXXX)"
chmod 755 "$work"
version="$(cat "$root/replayer/target/version" 2>/dev/null)"
debs=("$root"/target/ara-journal_*_all.deb)
deb="${debs[0]}"

built() {
  [ ${#debs[@]} -eq 1 ] && [ -f "$deb" ] || fail "want exactly one $root/target/ara-journal_*_all.deb (run mvn -B package), found: ${debs[*]}"
  [ -f "$root/target/ara-journal-$version.tar.gz" ] || fail "no $root/target/ara-journal-$version.tar.gz"
  local v
  v="$(dpkg-deb -f "$deb" Version)"
  [ "$v" = "${version//-/\~}" ] || fail "package version $v is not the build's $version in Debian form"
  if [[ "$v" == *~* ]]; then
    dpkg --compare-versions "$v" lt "${v%%~*}" || fail "$v should sort before the release ${v%%~*}"
  fi
  # The tarball is the same tree as the package.
  diff <(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||; s|/$||' | sort) \
       <(tar -tzf "$root/target/ara-journal-$version.tar.gz" | sed 's|/$||' | sort) >&2 \
    || fail "the tarball and the package hold different files"
}
step "built: $(basename "$deb") and ara-journal-$version.tar.gz" built

install() {
  apt-get install -y -qq "$deb"
}
installed_by_us=1
step "apt-get install -y ./target/$(basename "$deb")" install

files() {
  [ -x /usr/bin/ara-journal ] || fail "no /usr/bin/ara-journal"
  [ "$(cat /usr/share/ara-journal/version)" = "$version" ] || fail "/usr/share/ara-journal/version is not $version"
  [ -f /usr/share/ara-journal/callback_plugins/ara_journal.py ] || fail "no callback plugin"
  # The plugin loads its package from beside its own directory.
  for module in "$root"/recorder/src/main/python/ara_journal_lib/*.py; do
    [ -f "/usr/share/ara-journal/ara_journal_lib/$(basename "$module")" ] \
      || fail "ara_journal_lib/$(basename "$module") was not installed beside callback_plugins/"
  done
  if [ -d "$root/recorder/src/main/python/action_plugins" ]; then
    [ -d /usr/share/ara-journal/action_plugins ] || fail "action_plugins/ was not installed"
  fi
  [ -f /usr/share/doc/ara-journal/README.md ] || fail "no README under /usr/share/doc/ara-journal"
  [ "$(stat -c '%a %U' /etc/ara-journal/replay.env)" = "600 root" ] || fail "/etc/ara-journal/replay.env is not 0600 root"
  dpkg-query -W -f='${Conffiles}' ara-journal | grep -q /etc/ara-journal/replay.env || fail "replay.env is not a conffile"
  # Made by postinst for this machine's JVM.
  [ -s /var/cache/ara-journal/ara-journal-record.jsa ] || fail "postinst made no class-data archive"
  [ -s /var/cache/ara-journal/ara-journal-replay.jsa ] || fail "postinst made no class-data archive for replays"
  [ "$(/usr/bin/ara-journal --version)" = "ara-journal $version" ] || fail "ara-journal --version: $(/usr/bin/ara-journal --version)"
}
step "installed files, conffile, class-data archive, --version" files

unit() {
  local unit=/usr/lib/systemd/system/ara-journal-replay@.service out
  [ -f "$unit" ] || fail "no $unit"
  if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze is not installed: only the file was checked"
    return 0
  fi
  # An instance, so that %i and User= are resolved as they will be (the user need not exist).
  out="$(systemd-analyze verify "${unit%@.service}@deploy.service" 2>&1)" || fail "$out"
  ! grep -i ara-journal <<<"$out" || fail "systemd-analyze verify warns about the unit"
}
step "systemd-analyze verify ara-journal-replay@deploy.service" unit

mkdir -p "$work/home"
cat >"$work/home/site.yml" <<'YML'
- name: install check
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: hello from the installed ara-journal
    - name: Run true
      ansible.builtin.command: /bin/true
YML
chown -R nobody "$work/home"

setup_env() {
  local out
  out="$(as_user '/usr/bin/ara-journal setup env')" || fail "$out"
  grep -qx "export ANSIBLE_CALLBACK_PLUGINS=/usr/share/ara-journal/callback_plugins" <<<"$out" || fail "$out"
  grep -q "^export ANSIBLE_ACTION_PLUGINS=/usr/share/ara-journal/action_plugins" <<<"$out" || fail "$out"
  ! grep -qF "$root" <<<"$out" || fail "setup env points into the checkout: $out"
}
step "setup env prints the installed plugin directories" setup_env

record() {
  # The recorder's class loading is logged to prove that the callback started the installed
  # recorder, and that it maps the archive postinst made, as another user.
  as_user 'eval "$(/usr/bin/ara-journal setup env --journal "$HOME/journal")"
    export ARA_JOURNAL_JAVA_OPTS="-Xlog:class+load=info,class+path=info:file=$HOME/classes.log"
    ansible-playbook -i localhost, -e ansible_connection=local site.yml'
  local runs
  runs="$(as_user '/usr/bin/ara-journal inspect --json --journal "$HOME/journal"')" || fail "$runs"
  python3 - "$runs" <<'PY'
import json, sys
runs = json.loads(sys.argv[1])["runs"]
assert len(runs) == 1 and runs[0]["status"] == "completed" and runs[0]["results"] == 2, runs
PY
  grep -q "checking shared classpath entry: /usr/share/ara-journal/ara-journal.jar" "$work/home/classes.log" \
    || fail "the recorder was not the installed one: $(grep -m1 'class,path' "$work/home/classes.log")"
  grep -q "org.arajournal.recorder.Recorder source: shared objects file" "$work/home/classes.log" \
    || fail "the recorder did not map /var/cache/ara-journal/ara-journal-record.jsa: $(cat "$work/home/journal/recorder.log")"
  # The callback found the installed version file (its _root()).
  grep -aqr "\"client_version\":\"ara-journal $version\"" "$work/home/journal/queue" || fail "no client_version 'ara-journal $version' recorded"
}
step "record a playbook as nobody with the installed command" record

record_again() {
  # The first run's recorder serves later runs (journal_recorder_idle): no second JVM starts.
  as_user 'eval "$(/usr/bin/ara-journal setup env --journal "$HOME/journal")"
    ansible-playbook -i localhost, -e ansible_connection=local site.yml'
  [ -S "$work/home/journal/recorder.sock" ] || fail "no shared recorder listens on $work/home/journal/recorder.sock"
  grep -q "of a later run" "$work/home/journal/recorder.log" \
    || fail "the second run did not record through the first run's recorder: $(cat "$work/home/journal/recorder.log")"
  [ "$(pgrep -c -f -- "--journal $work/home/journal")" = 1 ] || fail "more than one recorder: $(pgrep -af -- "--journal $work/home/journal")"
  local runs
  runs="$(as_user '/usr/bin/ara-journal inspect --json --journal "$HOME/journal"')" || fail "$runs"
  python3 - "$runs" <<'PY'
import json, sys
runs = json.loads(sys.argv[1])["runs"]
assert len(runs) == 2 and all(r["status"] == "completed" and r["results"] == 2 for r in runs), runs
PY
}
step "a second run records through the first run's recorder" record_again

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
export ARA_BASE_DIR="$work/ara"
mkdir -p "$ARA_BASE_DIR"
migrate() {
  ara-manage migrate
}
step "a throwaway ARA server: ara-manage migrate" migrate
ara-manage runserver --noreload "127.0.0.1:$port" >"$work/ara-server.log" 2>&1 &
server_pid=$!
answers() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$url/api/" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "the ARA server died: $(cat "$work/ara-server.log")"
    sleep 0.25
  done
  fail "the ARA server did not answer on $url/api/: $(cat "$work/ara-server.log")"
}
step "a throwaway ARA server: runserver on $url" answers

replay() {
  as_user "/usr/bin/ara-journal replay --from \"\$HOME/journal\" --to $url"
}
step "replay with the installed command" replay

in_ara() {
  local playbooks
  playbooks="$(curl -fsS "$url/api/v1/playbooks")" || fail "GET $url/api/v1/playbooks failed"
  python3 - "$playbooks" "$(curl -fsS "$url/api/v1/results")" <<'PY'
import json, sys
playbooks = json.loads(sys.argv[1])["results"]
results = json.loads(sys.argv[2])["results"]
assert len(playbooks) == 2, playbooks
assert all(p["path"].endswith("/site.yml") and p["status"] == "completed" for p in playbooks), playbooks
assert len(results) == 4, results
PY
}
step "the playbook is in ARA (curl /api/v1/playbooks, /api/v1/results)" in_ara

follow_stops() {
  # What the service does: replay --follow, then stopped by SIGTERM, well within TimeoutStopSec.
  # The launcher execs java, so the pid the shell writes before its exec is the JVM's.
  as_user "echo \$\$ >follow.pid && exec /usr/bin/ara-journal replay --follow --from \"\$HOME/journal\" --to $url" \
    >"$work/follow.log" 2>&1 &
  local job=$! rc t0
  sleep 3
  t0=$SECONDS
  kill -TERM "$(cat "$work/home/follow.pid")"
  rc=0
  wait "$job" || rc=$?
  [ "$rc" -eq 0 ] || fail "replay --follow exited $rc on SIGTERM: $(cat "$work/follow.log")"
  [ $((SECONDS - t0)) -le 6 ] || fail "replay --follow took $((SECONDS - t0)) s to stop"
}
step "replay --follow stops with 0 on SIGTERM" follow_stops

remove() {
  apt-get remove -y -qq ara-journal
  for gone in /usr/bin/ara-journal /usr/share/ara-journal /var/cache/ara-journal /usr/lib/systemd/system/ara-journal-replay@.service; do
    [ ! -e "$gone" ] || fail "$gone is still there after remove"
  done
  # Kept until purge: it holds the operator's settings.
  [ -f /etc/ara-journal/replay.env ] || fail "remove took /etc/ara-journal/replay.env"
}
step "apt-get remove" remove

purge() {
  apt-get purge -y -qq ara-journal
  [ ! -e /etc/ara-journal ] || fail "/etc/ara-journal is still there after purge"
  ! dpkg-query -W -f='${Status}' ara-journal 2>/dev/null | grep -q installed || fail "ara-journal is still known to dpkg"
}
step "apt-get purge" purge
installed_by_us=""
