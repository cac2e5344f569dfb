#!/usr/bin/env bash
# End-to-end checks in the trixie chroot (ansible-core 2.19): what ARA's own callback (ara_default)
# recorded against what `ara-journal replay` sends from ara_journal's journal, compared through the
# ARA API only (compare-api.py). Both playbooks go to the ARA server on 127.0.0.1:PORT (the replay
# finds an existing playbook only by path AND start time to the microsecond, so it never merges
# into ara_default's). Called by compare.sh; needs a host build first (mvn -B -q -DskipTests package)
# and ARA in the chroot (install-ara.sh).
#
# Cases:
#   restarts  playbooks/restarts.yml, 5 local hosts: tasks started more than once (handlers
#             notified before and after meta: flush_handlers, a meta task per host, an include run
#             twice, a free-strategy play). ONE ansible-playbook run with both callbacks, so task and
#             play uuids must be equal too (--same-run).
#   records   playbooks/records.yml: ara_record. TWO runs, since each callback needs its own
#             ara_record action and Ansible loads one action per name: A = ara_default + ARA's
#             action (python3 -m ara.setup.action_plugins, live API calls); B = ara_journal + ours
#             (recorder/src/main/python/action_plugins, offline), then replay. uuids differ
#             between the runs and are not compared.
#
# Usage: scripts/trixie/replay-compare.sh PORT [restarts|records...]   (default: both)
# Env:   ARA_TRIXIE_CHROOT as for run.sh; WORK (default /tmp/trixie-compare, inside the chroot)
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(readlink -f "${ARA_JOURNAL_REPO:-$here/../..}")"
[ $# -ge 1 ] || { echo "usage: $0 PORT [restarts|records...]" >&2; exit 2; }
port="$1"; shift
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(restarts records)
work="${WORK:-/tmp/trixie-compare}"
url="http://127.0.0.1:$port"
curl -fsS "$url/api/" >/dev/null || { echo "replay-compare: no ARA server at $url; start scripts/trixie/ara-server.sh $port DIR" >&2; exit 2; }

status=0
for case in "${cases[@]}"; do
  case "$case" in restarts|records) ;; *) echo "replay-compare: unknown case '$case'" >&2; exit 2 ;; esac
  echo "=== $case.yml: ara_default vs ara_journal + replay (ansible-core 2.19, ARA server $(curl -fsS "$url/api/" | sed 's/.*"version":"\([^"]*\)".*/\1/'))"
  ARA_API_CLIENT=http ARA_API_SERVER="$url" ARA_CALLBACK_THREADS=0 \
    "$here/run.sh" bash -c '
      work="$0"; repo="$1"; here="$2"; case="$3"; url="$4"
      set -u
      book="$here/playbooks/$case.yml"; inventory="$here/playbooks/inventory-five.ini"
      journal="$work/replay-$case"
      mkdir -p "$work" && rm -rf "$journal"
      ours_cb="$repo/recorder/src/main/python/callback_plugins"
      ours_action="$repo/recorder/src/main/python/action_plugins"
      ara_cb="$(python3 -m ara.setup.callback_plugins)"; ara_action="$(python3 -m ara.setup.action_plugins)"
      newest() {
        python3 -c "import json,sys,urllib.request as u
items = json.load(u.urlopen(sys.argv[1] + \"/api/v1/playbooks?order=-id&limit=100\"))[\"results\"]
print(max([p[\"id\"] for p in items if p[\"path\"] == sys.argv[2]] or [0]))" "$url" "$book"
      }
      warnings() { grep -n -i -E "ara_journal|ara_default|ara_record|callback|Traceback|\[WARNING\]" "$1" || echo "  no callback warnings or errors in $1"; }
      if [ "$case" = restarts ]; then
        echo "one run, both callbacks: ANSIBLE_CALLBACK_PLUGINS=ours:ARA"
        ARA_JOURNAL_DIR="$journal" ANSIBLE_CALLBACK_PLUGINS="$ours_cb:$ara_cb" \
          ansible-playbook -i "$inventory" "$book" > "$work/$case.both.log" 2>&1
        echo "ansible-playbook exit code $?"; warnings "$work/$case.both.log"
        same=--same-run
      else
        echo "run A: ara_default + the ara_record of ARA ($ara_action)"
        ANSIBLE_CALLBACK_PLUGINS="$ara_cb" ANSIBLE_ACTION_PLUGINS="$ara_action" \
          ansible-playbook -i "$inventory" "$book" > "$work/$case.ara.log" 2>&1
        echo "ansible-playbook exit code $?"; warnings "$work/$case.ara.log"
        echo "run B: ara_journal + ara-journal ara_record ($ours_action)"
        ARA_JOURNAL_DIR="$journal" ANSIBLE_CALLBACK_PLUGINS="$ours_cb" ANSIBLE_ACTION_PLUGINS="$ours_action" \
          ansible-playbook -i "$inventory" "$book" > "$work/$case.journal.log" 2>&1
        echo "ansible-playbook exit code $?"; warnings "$work/$case.journal.log"
        same=
      fi
      a=$(newest)
      echo "ara_default playbook: $a; replaying $journal"
      "$repo/bin/ara-journal" replay --from "$journal" --to "$url" > "$work/$case.replay.out" 2> "$work/$case.replay.err"
      echo "ara-journal replay exit code $?"; cat "$work/$case.replay.out"
      grep -E -i "warn|error|dead" "$work/$case.replay.err" || true
      b=$(sed -n "s|.*/\([0-9][0-9]*\)[^0-9]*$|\1|p" "$work/$case.replay.out" | tail -n1)
      [ -n "$b" ] && [ "$b" != "$a" ] || { echo "no replayed playbook found"; exit 1; }
      python3 "$here/compare-api.py" "$url" "$a" "$url" "$b" $same
    ' "$work" "$repo" "$here" "$case" "$url" || status=1
done
exit $status
