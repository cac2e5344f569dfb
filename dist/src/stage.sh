#!/usr/bin/env bash
# Lays out the installed tree (FHS, /usr prefix) from a built checkout and packs it into the
# tarball; the .deb is made from that same tarball (dist/pom.xml), so both hold the same files.
# Usage: stage.sh ROOT STAGE TARBALL
set -euo pipefail
root="$(cd "$1" && pwd)"
stage="$2"
tarball="$3"
share="$stage/usr/share/ara-journal"
doc="$stage/usr/share/doc/ara-journal"

[ -f "$root/replayer/target/ara-journal.jar" ] || { echo "stage: $root/replayer/target/ara-journal.jar is missing" >&2; exit 1; }
rm -rf "$stage"
mkdir -p "$stage/usr/bin" "$share/bin" "$share/cds" "$doc" "$stage/usr/lib/systemd/system" "$stage/etc/ara-journal"

cp "$root/bin/ara-journal" "$share/bin/"
# Relative, so that the tree works wherever it is unpacked: the launcher resolves its own path.
ln -s ../share/ara-journal/bin/ara-journal "$stage/usr/bin/ara-journal"
cp "$root/replayer/target/ara-journal.jar" "$root/replayer/target/version" "$root/replayer/target/chronicle.jvm.args" "$share/"
cp -r "$root/replayer/target/lib" "$share/lib"
# The whole Python tree: callback_plugins/ and whatever plugin directories sit beside it (action_plugins/).
cp -r "$root/recorder/src/main/python/." "$share/"
find "$share" \( -name __pycache__ -o -name '*.pyc' \) -prune -exec rm -rf {} +
# The archive is made on the target: it fits only the JVM that makes it (postinst, or by hand).
cp "$root/recorder/src/cds/train.sh" "$root/recorder/src/cds/training-events.jsonl" "$root/recorder/src/cds/training-ara.py" "$share/cds/"
cp "$root/README.md" "$doc/"
cp -r "$root/docs" "$doc/docs"
cp "$root/dist/src/systemd/"*.service "$stage/usr/lib/systemd/system/"
cp "$root/dist/src/etc/replay.env" "$stage/etc/ara-journal/replay.env"

chmod -R u=rwX,go=rX "$stage"
chmod 755 "$share/bin/ara-journal" "$share/cds/train.sh"
# It holds the ARA password once filled in.
chmod 600 "$stage/etc/ara-journal/replay.env"

mkdir -p "$(dirname "$tarball")"
tar -C "$stage" --sort=name --owner=root:0 --group=root:0 -czf "$tarball" usr etc
echo "stage: $(readlink -m "$tarball")"
