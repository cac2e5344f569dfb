#!/usr/bin/env bash
# Makes the recorder's class-data archive (AppCDS) after the build: one short recording of sample
# events with -XX:ArchiveClassesAtExit. Recorders started by the callback then map the ~2,600 classes
# they load from jars instead of parsing them, which cuts their start-up CPU by about a third while
# they compete with Ansible for the controller's cores. Run by `mvn package` in a checkout (from the
# replayer module, after the launcher's jar and lib/ it must match exist), and by the package's
# postinst once installed (the archive fits only the JVM that made it).
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
# A stale archive must not take part in making the new one.
rm -f "$archive"
mkdir -p "$(dirname "$archive")"
work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f "$archive.new.$$"' EXIT
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
