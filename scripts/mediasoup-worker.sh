#!/usr/bin/env bash
# Builds the mediasoup 3.12.16 worker offline against Debian's system libraries and caches it.
#
#   export MEDIASOUP_WORKER_BIN=$(scripts/mediasoup-worker.sh | tail -1)
#
# Why: `npm install mediasoup` downloads a prebuilt worker from GitHub or, failing that, meson
# subprojects from the internet. Only the npm registry and Debian's archive are reachable here, so the
# worker's subprojects are replaced by small meson.build wrappers (scripts/mediasoup/subprojects/*) that
# expose the variables the worker's build reads, taken from the system libraries via dependency().
# mediasoup 3.12.16 pins the versions Debian bookworm ships (abseil 20220623, libsrtp 2.5.0,
# libuv 1.44.2, nlohmann_json 3.10.5, OpenSSL 3.0, usrsctp).
#
# The binary is cached at
#   ${KOHTAAMO_CACHE:-$HOME/.cache/kohtaamo}/mediasoup-worker-3.12.16-<hash>/mediasoup-worker
# where <hash> covers this script and scripts/mediasoup/**, so a change to the recipe rebuilds.
# If the cached binary exists nothing is done. The last line of stdout is always the binary's
# absolute path; everything else goes to stderr and to build.log beside the binary.
#
# Environment: KOHTAAMO_CACHE (cache root), MEDIASOUP_BUILD_JOBS (default: number of cores).
set -euo pipefail

readonly MEDIASOUP_VERSION=3.12.16
readonly APT_PACKAGES=(meson ninja-build pkg-config g++ libuv1-dev libssl-dev libsrtp2-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev)

say() { printf 'mediasoup-worker.sh: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
helpers="$script_dir/mediasoup"

# --- cache key ------------------------------------------------------------------------------------
key="$(
  cd "$script_dir"
  { printf '%s\n' "mediasoup-worker.sh"; find mediasoup -type f | LC_ALL=C sort; } |
    while IFS= read -r f; do printf '%s  %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"; done |
    sha256sum | cut -c1-12
)"
cache_root="${KOHTAAMO_CACHE:-$HOME/.cache/kohtaamo}"
target_dir="$cache_root/mediasoup-worker-$MEDIASOUP_VERSION-$key"
target_bin="$target_dir/mediasoup-worker"

if [[ -x "$target_bin" ]]; then
  printf '%s\n' "$target_bin"
  exit 0
fi

# --- prerequisites --------------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  die "missing Debian packages: ${missing[*]}. Install them with: apt-get install -y ${APT_PACKAGES[*]}"
fi

src="$repo_root/node_modules/mediasoup/worker"
[[ -f "$src/meson.build" ]] || die "mediasoup is not installed ($src/meson.build not found); run: npm ci"
installed_version="$(node -p "require('$repo_root/node_modules/mediasoup/package.json').version" 2>/dev/null || true)"
[[ "$installed_version" == "$MEDIASOUP_VERSION" ]] ||
  die "node_modules/mediasoup is '$installed_version', this recipe is for $MEDIASOUP_VERSION (the subproject wrappers match its pins)"

mkdir -p "$cache_root"

# --- one build at a time per cache ------------------------------------------------------------------
exec 9>"$cache_root/.mediasoup-worker-$MEDIASOUP_VERSION-$key.lock"
if ! flock -n 9; then
  say "another build of the same worker is running; waiting for it"
  flock 9
fi
if [[ -x "$target_bin" ]]; then
  printf '%s\n' "$target_bin"
  exit 0
fi

work="$(mktemp -d "$cache_root/.build-mediasoup-$MEDIASOUP_VERSION-$key.XXXXXX")"
log="$work/build.log"
cleanup() { rm -rf "$work"; }
on_error() {
  say "ERROR: the worker build failed; last lines of $log:"
  tail -n 40 "$log" >&2 || true
  say "ERROR: mediasoup worker build failed (full log kept at $cache_root/mediasoup-worker-failed.log)"
  cp "$log" "$cache_root/mediasoup-worker-failed.log" 2>/dev/null || true
}
trap cleanup EXIT

# --- prepare a private copy of the worker sources (node_modules is never modified) -----------------
cp -r "$src" "$work/worker"
w="$work/worker"

# Debian bookworm's meson is 1.0.1; the worker asks for >= 1.1.0 but builds with 1.0.1.
sed -i -E "s/meson_version: *'>= *1\.1\.0'/meson_version: '>= 1.0.0'/" "$w/meson.build"
grep -q "meson_version: '>= 1.0.0'" "$w/meson.build" || die "could not relax the meson_version line in the worker's meson.build"

# Each subproject directory named by its .wrap file's `directory =` line is replaced by a wrapper.
for wrapper in "$helpers"/subprojects/*/; do
  name="$(basename "$wrapper")"
  wrap="$w/subprojects/$name.wrap"
  [[ -f "$wrap" ]] || die "the worker has no subprojects/$name.wrap; the wrappers do not match mediasoup $MEDIASOUP_VERSION"
  dir="$(sed -n -E 's/^directory *= *(.+)$/\1/p' "$wrap" | head -1)"
  [[ -n "$dir" ]] || die "no 'directory =' line in $wrap"
  mkdir -p "$w/subprojects/$dir"
  cp "$wrapper"/* "$w/subprojects/$dir/"
  cp "$helpers/empty.c" "$w/subprojects/$dir/"
done

# --- build ----------------------------------------------------------------------------------------
jobs="${MEDIASOUP_BUILD_JOBS:-$(nproc)}"
say "building mediasoup $MEDIASOUP_VERSION worker against system libraries with $jobs jobs (about 7 min on 2 cores); log: $log"
started=$(date +%s)
{
  meson setup "$w/out" "$w" \
    --wrap-mode=nodownload \
    --buildtype=release \
    -Db_ndebug=true -Db_pie=true -Db_staticpic=true &&
    ninja -C "$w/out" -j "$jobs" mediasoup-worker
} >"$log" 2>&1 || { on_error; exit 1; }

built="$w/out/mediasoup-worker"
[[ -x "$built" ]] || { on_error; die "ninja finished but $built does not exist"; }

mkdir -p "$target_dir.tmp"
cp "$built" "$target_dir.tmp/mediasoup-worker"
cp "$log" "$target_dir.tmp/build.log"
rm -rf "$target_dir"
mv "$target_dir.tmp" "$target_dir"
say "built in $(( $(date +%s) - started )) s: $target_bin"
printf '%s\n' "$target_bin"
