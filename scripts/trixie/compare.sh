#!/usr/bin/env bash
# Runs the check playbooks in the trixie chroot (ansible-core 2.19) with BOTH callbacks in the same
# run: ara_journal (events captured by tap-recorder.py) and ARA's ara_default (posting to an ARA 1.7
# server on 127.0.0.1:PORT, e.g. from ara-server.sh), then compares the two with compare.py. Then
# runs each playbook with ara_journal and the real recorder and prints `ara-journal inspect --json`.
# Without PLAYBOOK arguments it then runs replay-compare.sh PORT: ara_default against ara_journal +
# `ara-journal replay`, through the API, for restarts.yml (one run) and records.yml (ara_record, two
# runs). Needs a host build first (mvn -B -q -DskipTests package) and ARA in the chroot
# (install-ara.sh).
#
# Usage: scripts/trixie/compare.sh PORT [PLAYBOOK.yml...]
#        (default: features.yml failing.yml restarts.yml, then replay-compare.sh)
# Env:   ARA_TRIXIE_CHROOT as for run.sh; WORK (default /tmp/trixie-compare, inside the chroot)
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(readlink -f "${ARA_JOURNAL_REPO:-$here/../..}")"
[ $# -ge 1 ] || { echo "usage: $0 PORT [PLAYBOOK.yml...]" >&2; exit 2; }
port="$1"; shift
books=("$@")
replay_checks=
[ ${#books[@]} -gt 0 ] || { books=(features.yml failing.yml restarts.yml); replay_checks=1; }
# restarts.yml and records.yml need five hosts that all answer (free strategy, run_once).
inventory_of() { case "$1" in restarts.yml|records.yml) echo inventory-five.ini ;; *) echo inventory.ini ;; esac; }
work="${WORK:-/tmp/trixie-compare}"
url="http://127.0.0.1:$port"
curl -fsS "$url/api/" >/dev/null || { echo "compare: no ARA server at $url; start scripts/trixie/ara-server.sh $port DIR" >&2; exit 2; }

status=0
for book in "${books[@]}"; do
  name="${book%.yml}"
  inventory="$(inventory_of "$book")"
  echo "=== $book: both callbacks in one run (ansible-core 2.19, ARA server $(curl -fsS "$url/api/" | sed 's/.*"version":"\([^"]*\)".*/\1/'))"
  ARA_API_CLIENT=http ARA_API_SERVER="$url" ARA_JOURNAL_DIR="$work/tap-$name" \
  ARA_JOURNAL_RECORDER="python3 $here/tap-recorder.py $work/$name.jsonl" \
  ANSIBLE_LIBRARY="$here/playbooks/library" \
    "$here/run.sh" sh -c '
      mkdir -p "$0" && rm -f "$0/$4.jsonl"
      export ANSIBLE_CALLBACK_PLUGINS="$1/recorder/src/main/python/callback_plugins:$(python3 -m ara.setup.callback_plugins)"
      ansible-playbook -i "$2/playbooks/$6" "$2/playbooks/$3" > "$0/$4.both.log" 2>&1
      echo "ansible-playbook exit code $?"
      grep -n -i -E "ara_journal|ara_default|callback|Traceback" "$0/$4.both.log" || echo "no callback warnings or errors in the output"
      python3 "$2/compare.py" "$0/$4.jsonl" "$5"
    ' "$work" "$repo" "$here" "$book" "$name" "$url" "$inventory" || status=1
  echo "=== $book: ara_journal with the real recorder, then inspect"
  ARA_JOURNAL_DIR="$work/journal-$name" ANSIBLE_LIBRARY="$here/playbooks/library" "$here/run.sh" sh -c '
      rm -rf "$ARA_JOURNAL_DIR"
      ANSIBLE_CALLBACK_PLUGINS="$1/recorder/src/main/python/callback_plugins" \
        ansible-playbook -i "$2/playbooks/$4" "$2/playbooks/$3" > "$0/$3.journal.log" 2>&1
      echo "ansible-playbook exit code $?"
      grep -n -i -E "ara_journal|callback|Traceback" "$0/$3.journal.log" || echo "no callback warnings or errors in the output"
      "$1/bin/ara-journal" inspect --journal "$ARA_JOURNAL_DIR" --json
    ' "$work" "$repo" "$here" "$book" "$inventory" || status=1
done
if [ -n "$replay_checks" ]; then
  WORK="$work" "$here/replay-compare.sh" "$port" || status=1
fi
exit $status
