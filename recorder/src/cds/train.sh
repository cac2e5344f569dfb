#!/usr/bin/env bash
# Makes the class-data archives (AppCDS) after the build, with -XX:ArchiveClassesAtExit: the
# recorder's from one short recording of sample events, the replay's from one replay of that
# recording into a stand-in ARA (training-ara.py). Recorders started by the callback then map the
# ~2,600 classes they load from jars instead of parsing them, which cuts their start-up CPU by about
# a third while they compete with Ansible for the controller's cores; a replay's start-up is most of
# its CPU for a few runs. Run by `mvn package` in a checkout (from the replayer module, after the
# launcher's jar and lib/ they must match exist), and by the package's postinst once installed (an
# archive fits only the JVM that made it).
set -euo pipefail
cds_dir="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
# Where bin/ara-journal looks for it, in the same two layouts: this script is recorder/src/cds in a
# checkout (the archive goes beside the launcher's jars in replayer/target), <prefix>/share/ara-journal/cds installed.
if [ -d "$cds_dir/../../../replayer" ]; then
  here="$(cd "$cds_dir/../../.." && pwd)"
  archive="$here/replayer/target/ara-journal-record.jsa"
else
  here="$(cd "$cds_dir/.." && pwd)"
  archive="$(readlink -m "$here/../../..")"
  archive="${archive%/}/var/cache/ara-journal/ara-journal-record.jsa"
fi
replay_archive="${archive%-record.jsa}-replay.jsa"
# A stale archive must not take part in making the new one.
rm -f "$archive" "$replay_archive"
mkdir -p "$(dirname "$archive")"
work=$(mktemp -d)
ara_pid=""
trap '[ -n "$ara_pid" ] && kill "$ara_pid" 2>/dev/null; rm -rf "$work"; rm -f "$archive.new.$$" "$replay_archive.new.$$"' EXIT
python3 - "$cds_dir/training-events.jsonl" >"$work/frames" <<'PY'
import struct, sys
out = sys.stdout.buffer
with open(sys.argv[1], "rb") as events:
    for line in events:
        event = line.rstrip(b"\n")
        out.write(struct.pack(">I", len(event)) + event)
PY
# Made beside, then renamed: a recorder starting meanwhile maps either no archive or a whole one.
if ! ARA_JOURNAL_JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive.new.$$" \
    "$here/bin/ara-journal" record --journal "$work/journal" <"$work/frames" >/dev/null 2>"$work/log"; then
  echo "cds: the training recording failed:" >&2
  cat "$work/log" >&2
  exit 1
fi
if [ -s "$archive.new.$$" ]; then
  chmod 644 "$archive.new.$$"
  mv -f "$archive.new.$$" "$archive"
  echo "cds: recorder class-data archive $archive ($(du -h "$archive" | cut -f1))"
else
  # Not fatal: recorders then start without it, only slower. Say why.
  echo "cds: WARNING: this JVM made no class-data archive; recorders start without one:" >&2
  cat "$work/log" >&2
fi

# The replay's: the training recording replayed into a stand-in ARA on a free loopback port.
/usr/bin/python3 "$cds_dir/training-ara.py" >"$work/ara.url" 2>"$work/ara.log" &
ara_pid=$!
for _ in $(seq 1 100); do [ -s "$work/ara.url" ] && break; sleep 0.1; done
if [ -s "$work/ara.url" ] && ARA_JOURNAL_JAVA_OPTS="-XX:ArchiveClassesAtExit=$replay_archive.new.$$" \
    "$here/bin/ara-journal" replay --from "$work/journal" --to "$(head -1 "$work/ara.url")" --give-up-after 60s \
    >/dev/null 2>"$work/replay.log" && [ -s "$replay_archive.new.$$" ]; then
  chmod 644 "$replay_archive.new.$$"
  mv -f "$replay_archive.new.$$" "$replay_archive"
  echo "cds: replay class-data archive $replay_archive ($(du -h "$replay_archive" | cut -f1))"
else
  echo "cds: WARNING: no replay class-data archive made; replays start without one:" >&2
  cat "$work/ara.log" "$work/replay.log" >&2
fi
