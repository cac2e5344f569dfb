#!/usr/bin/env bash
# Runs CMD... inside the trixie chroot built by make-chroot.sh, with /proc, /sys, /dev mounted and
# the ara-journal checkout bind-mounted at the same path, so host-built bin/ara-journal and jars
# work inside (with the chroot's Java). Mounts live in a private mount namespace and vanish when
# the command ends. The network namespace is the host's: a server started inside listens on the
# host's 127.0.0.1 too.
#
# Usage: scripts/trixie/run.sh CMD [ARG...]       (as root; CMD runs as root in the chroot, cwd = repo)
# Env:   ARA_TRIXIE_CHROOT  chroot directory       (default /work/chroot-trixie)
#        ARA_JOURNAL_REPO   checkout to bind-mount (default: the checkout holding this script)
#        ARA_TRIXIE_BIND    extra host dirs to bind-mount at the same path, space separated
#        ARA_TRIXIE_NO_BIND=1 bind no checkout (used while building the chroot)
#        ARA_TRIXIE_ENV     extra variable names to pass in, space separated
# The command gets a clean environment (LANG/LC_ALL=C.UTF-8, which ansible-core 2.19 requires) plus
# every ANSIBLE_*, ARA_* and ARA_JOURNAL_* variable of the caller; JAVA_HOME is not passed (the
# chroot's own Java is on PATH).
set -euo pipefail

chroot_dir="$(readlink -f "${ARA_TRIXIE_CHROOT:-/work/chroot-trixie}")"
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(readlink -f "${ARA_JOURNAL_REPO:-$here/../..}")"

die() { printf '[trixie-run] ERROR: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (chroot needs it)"
[ $# -gt 0 ] || die "usage: $0 CMD [ARG...]"
[ -x "$chroot_dir/bin/sh" ] || die "no chroot at $chroot_dir; build it: scripts/trixie/make-chroot.sh"

binds=()
[ -n "${ARA_TRIXIE_NO_BIND:-}" ] || binds+=("$repo")
# shellcheck disable=SC2206
binds+=(${ARA_TRIXIE_BIND:-})

envs=()
while IFS= read -r name; do
  case "$name" in ARA_TRIXIE_*) continue ;; esac
  envs+=("$name=${!name}")
done < <(compgen -e | grep -E '^(ANSIBLE_|ARA_)' || true)
# shellcheck disable=SC2206
for name in ${ARA_TRIXIE_ENV:-}; do envs+=("$name=${!name-}"); done

# Inside a new private mount namespace: mount, chroot, run. Everything is undone on exit.
exec unshare --mount --propagation private -- /bin/bash -ec '
  root="$1"; shift
  nbinds="$1"; shift
  nenvs="$1"; shift
  envs=("${@:1:nenvs}"); shift "$nenvs"
  # The root a mount point of its own, so /proc/self/mounts inside lists "/" (the FileStore
  # lookup of Java, used by the disk space monitor of Chronicle Queue, needs it).
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mkdir -p "$root/dev/shm"
  mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm" 2>/dev/null || true
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  cwd=/
  for ((i = 0; i < nbinds; i++)); do
    dir="$1"; shift
    mkdir -p "$root$dir"
    mount --bind "$dir" "$root$dir"
    [ "$i" -gt 0 ] || cwd="$dir"
  done
  exec chroot "$root" /usr/bin/env -i \
    HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    "${envs[@]}" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
' trixie-run "$chroot_dir" "${#binds[@]}" "${#envs[@]}" "${envs[@]}" "${binds[@]}" "$@"
