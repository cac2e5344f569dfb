#!/usr/bin/env bash
# Installs ARA (callback, ara_record action and API server) from a local git repository into the
# trixie chroot built by make-chroot.sh. Debian ships no ARA after bookworm; ARA's runtime
# dependencies come from trixie's Debian packages (make-chroot.sh), so ARA itself is installed
# with pip, offline: --no-deps --no-build-isolation (nothing is downloaded). Idempotent: does
# nothing when the chroot already has this ARA version.
#
# Usage: scripts/trixie/install-ara.sh ARA_GIT_DIR [REF]     (as root)
#   ARA_GIT_DIR  a clone or bare mirror of https://github.com/ansible-community/ara
#                (e.g. /work/.mirror/ansible-community+ara/repo)
#   REF          tag or commit to install (default 1.7.4). When REF is missing from the repository,
#                the newest commit (HEAD) is installed instead and the script says so.
# Env:   ARA_TRIXIE_CHROOT as for run.sh; ARA_VERSION (version pbr stamps, default: REF when it
#        is a tag, else the newest tag reachable from the commit)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
chroot_dir="$(readlink -f "${ARA_TRIXIE_CHROOT:-/work/chroot-trixie}")"

say() { printf '[install-ara] %s\n' "$*" >&2; }
die() { printf '[install-ara] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 ARA_GIT_DIR [REF]" >&2; exit 2; }
gitdir="$1"
ref="${2:-1.7.4}"
[ -x "$chroot_dir/usr/bin/pip3" ] || die "no pip in $chroot_dir; build the chroot first: scripts/trixie/make-chroot.sh"
git --git-dir="$gitdir" rev-parse --git-dir >/dev/null 2>&1 || gitdir="$gitdir/.git"
git --git-dir="$gitdir" rev-parse --git-dir >/dev/null 2>&1 || die "$1 is not a git repository"

if commit="$(git --git-dir="$gitdir" rev-parse --verify -q "$ref^{commit}")"; then
  if git --git-dir="$gitdir" rev-parse --verify -q "refs/tags/$ref" >/dev/null; then
    version="${ARA_VERSION:-$ref}"
  else
    version="${ARA_VERSION:-$(git --git-dir="$gitdir" describe --tags --abbrev=0 "$commit")}"
  fi
else
  commit="$(git --git-dir="$gitdir" rev-parse HEAD)"
  version="${ARA_VERSION:-$(git --git-dir="$gitdir" describe --tags --abbrev=0 "$commit")}"
  say "WARNING: '$ref' is not in $gitdir: installing the newest commit $commit instead (as version $version)"
fi
say "ARA $version from $gitdir, commit $commit ($(git --git-dir="$gitdir" log -1 --format=%cs "$commit"))"

installed="$(chroot "$chroot_dir" sh -c 'cd / && python3 -c "
import os, ara.setup
assert os.path.isfile(os.path.join(ara.setup.callback_plugins, \"ara_default.py\"))
print(ara.setup.ara_version)"' 2>/dev/null || true)"
stamp="$chroot_dir/.ara-journal-ara-commit"
if [ "$installed" = "$version" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$commit" ]; then
  say "ARA $version (commit $commit) is already installed in $chroot_dir"
  exit 0
fi

# The source tree goes inside the chroot, so pip needs no bind mount.
src=/usr/local/src/ara-$version
rm -rf --one-file-system "${chroot_dir:?}$src"
mkdir -p "$chroot_dir$src"
# A partial mirror (e.g. a snapshot without its largest files) may lack some blobs: leave them out
# and say which (in 1.7.4 only doc/source/_static/demo.mp4 and getting-started.gif, not installed).
excludes=()
while read -r _ type object path; do
  [ "$type" = blob ] || continue
  git --git-dir="$gitdir" cat-file -e "$object" 2>/dev/null && continue
  case "$path" in
    ara/*|setup.py|setup.cfg|requirements.txt|README.md|LICENSE) die "$path is missing from $gitdir; it is needed to install ARA" ;;
  esac
  say "leaving out $path (not in $gitdir; not installed)"
  excludes+=(":(exclude)$path")
done < <(git --git-dir="$gitdir" ls-tree -r "$commit")
# (git 2.39 still reports the excluded missing blobs on stderr, and exits 0: those lines are dropped.)
errors="$(mktemp)"
git --git-dir="$gitdir" archive --format=tar "$commit" -- . "${excludes[@]}" 2>"$errors" | tar -x -C "$chroot_dir$src"
for exclude in "${excludes[@]}"; do
  grep -v -F "for '${exclude#:(exclude)}'" "$errors" > "$errors.1" || true; mv "$errors.1" "$errors"
done
cat "$errors" >&2; rm -f "$errors"

# pbr takes the files to install besides Python packages (the callback and action plugins, the
# UI's templates and static files, management commands) from `git ls-files`: without a git
# repository it silently installs only the packages with an __init__.py. So the tree becomes a
# one-commit repository first (git is in the chroot, make-chroot.sh).
# PBR_VERSION: that commit has no tag for pbr to read the version from.
# --break-system-packages: trixie's python3 is "externally managed" (PEP 668); pip installs into
# /usr/local/lib/python3.13/dist-packages, apart from dpkg's files.
ARA_TRIXIE_NO_BIND=1 PBR_VERSION="$version" ARA_TRIXIE_ENV="PBR_VERSION" "$here/run.sh" sh -ec '
  cd "$0"
  git init -q . && git add -A
  git -c user.name=install-ara -c user.email=install-ara@localhost commit -q -m "ARA $PBR_VERSION, commit $1"
  pip3 install --no-deps --no-build-isolation --no-index --force-reinstall --break-system-packages \
    --root-user-action=ignore .
  cd /
  python3 -c "from ara.setup import ara_version; print(\"[install-ara] installed: ara\", ara_version)" >&2
  for plugin in callback_plugins/ara_default action_plugins/ara_record; do
    file="$(python3 -m "ara.setup.${plugin%/*}")/${plugin#*/}.py"
    [ -f "$file" ] || { echo "[install-ara] ERROR: $file is missing" >&2; exit 1; }
    echo "[install-ara] $file" >&2
  done
  [ -f "$(python3 -c "import ara.ui, os; print(os.path.dirname(ara.ui.__file__))")/templates/index.html" ] \
    || { echo "[install-ara] ERROR: the UI templates are missing" >&2; exit 1; }
  command -v ara-manage >&2
' "$src" "$commit" >&2
printf '%s\n' "$commit" > "$stamp"
