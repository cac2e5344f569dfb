#!/usr/bin/env bash
# Builds (or completes) a Debian 13 "trixie" chroot with ansible-core 2.19, ARA 1.7 (callback +
# server) and a Java 21 runtime, so ara-journal can be checked against current Ansible and ARA
# without changing the host. Idempotent: every step checks whether it is already done.
#
# Debian ships no ARA after bookworm (no python3-ara / ara-server in trixie, forky or sid). This
# script installs ARA's runtime dependencies from Debian but not ARA itself: install-ara.sh installs
# ARA 1.7.4 from a local git repository (docs/compatibility.md).
#
# Usage: scripts/trixie/make-chroot.sh            (as root)
# Env:   ARA_TRIXIE_CHROOT  target directory      (default /work/chroot-trixie; keep it outside the repo)
#        ARA_TRIXIE_MIRROR  Debian mirror URL     (default: the first Debian URI the host's apt uses)
#        ARA_TRIXIE_PACKAGES extra packages, space separated
set -euo pipefail

chroot_dir="${ARA_TRIXIE_CHROOT:-/work/chroot-trixie}"
suite=trixie
packages=(ansible-core openjdk-21-jre-headless ca-certificates procps
  # ARA's runtime dependencies (its setup.cfg [extras] server + requirements.txt), from Debian
  python3-django python3-djangorestframework python3-django-cors-headers python3-django-filters
  python3-django-health-check python3-dynaconf python3-ruamel.yaml python3-pbr python3-cliff
  python3-requests python3-tzlocal python3-pygments python3-whitenoise
  # to install ARA's source offline (install-ara.sh); pbr lists the package data with git
  python3-pip python3-setuptools python3-wheel git)
# shellcheck disable=SC2206
packages+=(${ARA_TRIXIE_PACKAGES:-})

say() { printf '[make-chroot] %s\n' "$*" >&2; }
die() { printf '[make-chroot] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot need it)"

host_mirror() {
  # deb822 sources first (Debian 12+ default), then the one-line format.
  local uri
  uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
          | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)"
  if [ -z "$uri" ]; then
    uri="$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '{for (i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' \
            | grep -E '/debian/?$' | head -n1 || true)"
  fi
  printf '%s' "${uri:-http://deb.debian.org/debian}"
}
mirror="${ARA_TRIXIE_MIRROR:-$(host_mirror)}"
mirror="${mirror%/}"
security_mirror="${mirror%/debian}/debian-security"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

case "$(readlink -f "$chroot_dir")" in
  /|/usr|/usr/*|/etc|/etc/*|/bin|/sbin|/lib*) die "refusing chroot dir '$chroot_dir'" ;;
esac

if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap on the host"
  apt-get install -y debootstrap >&2 || { apt-get update >&2 && apt-get install -y debootstrap >&2; }
fi
[ -f /usr/share/debootstrap/scripts/$suite ] || die "this debootstrap does not know '$suite'; upgrade debootstrap"
gpg_ok=$(gpg --no-default-keyring --keyring "$keyring" --list-keys 2>/dev/null | grep -c '13/trixie' || true)
[ "$gpg_ok" -gt 0 ] || die "$keyring has no trixie keys; install a newer debian-archive-keyring"

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

# 1. base system
if [ -x "$chroot_dir/usr/bin/apt-get" ] && [ -f "$chroot_dir/etc/debian_version" ] \
   && [ ! -e "$chroot_dir/debootstrap" ]; then
  say "base system already in $chroot_dir ($(cat "$chroot_dir/etc/debian_version"))"
else
  if [ -e "$chroot_dir/debootstrap" ]; then
    say "$chroot_dir holds an unfinished debootstrap; starting it again"
    rm -rf --one-file-system "$chroot_dir"
  fi
  say "debootstrap --variant=minbase $suite $chroot_dir $mirror"
  mkdir -p "$chroot_dir"
  debootstrap --variant=minbase --keyring="$keyring" "$suite" "$chroot_dir" "$mirror" >&2
fi

# 2. apt sources, no daemons started by package scripts
sources="$chroot_dir/etc/apt/sources.list.d/debian.sources"
want_sources="Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
if [ "$(cat "$sources" 2>/dev/null)" != "$want_sources" ]; then
  say "writing $sources (mirror $mirror)"
  printf '%s\n' "$want_sources" > "$sources"
  rm -f "$chroot_dir/etc/apt/sources.list"
  rm -f "$chroot_dir/.ara-journal-packages"
fi
aptconf="$chroot_dir/etc/apt/apt.conf.d/99ara-journal"
if [ ! -f "$aptconf" ]; then
  # The host's mirror may serve a dated snapshot: accept Release files past their Valid-Until
  # (signatures are still checked).
  say "writing $aptconf (Acquire::Check-Valid-Until false)"
  printf 'Acquire::Check-Valid-Until "false";\n' > "$aptconf"
fi
if [ ! -x "$chroot_dir/usr/sbin/policy-rc.d" ]; then
  say "adding policy-rc.d so package scripts start no services"
  printf '#!/bin/sh\nexit 101\n' > "$chroot_dir/usr/sbin/policy-rc.d"
  chmod 755 "$chroot_dir/usr/sbin/policy-rc.d"
fi

# 3. packages
stamp="$chroot_dir/.ara-journal-packages"
if [ "$(cat "$stamp" 2>/dev/null)" = "${packages[*]}" ]; then
  say "packages already installed: ${packages[*]}"
else
  say "installing in the chroot: ${packages[*]}"
  ARA_TRIXIE_CHROOT="$chroot_dir" ARA_TRIXIE_NO_BIND=1 "$here/run.sh" sh -ec "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends ${packages[*]}
    apt-get clean
  " >&2
  printf '%s' "${packages[*]}" > "$stamp"
fi

# 4. ARA 1.7 is not packaged for Debian 13: install-ara.sh installs it from a git repository of
#    ansible-community/ara. ara-server.sh and compare.sh need it.
if ! chroot "$chroot_dir" python3 -c 'import ara' 2>/dev/null; then
  say "note: no ARA in the chroot; ansible-core 2.19 checks of ara_journal work without it, ARA 1.7 comparisons need it: scripts/trixie/install-ara.sh ARA_GIT_DIR"
fi

# 5. report
say "chroot ready: $chroot_dir ($(du -sh --one-file-system "$chroot_dir" | cut -f1))"
chroot "$chroot_dir" dpkg-query -W -f='  ${Package} ${Version}\n' \
  ansible-core openjdk-21-jre-headless python3 python3-django python3-djangorestframework >&2
ARA_TRIXIE_CHROOT="$chroot_dir" ARA_TRIXIE_NO_BIND=1 "$here/run.sh" sh -c \
  'python3 -c "from ara.setup import ara_version; print(\"  ara\", ara_version)" 2>/dev/null || echo "  ara: not installed"' >&2
