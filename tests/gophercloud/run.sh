#!/usr/bin/env bash
# gophercloud (Debian's golang-github-gophercloud-gophercloud-dev, the library Terraform's OpenStack provider is built
# on) against the service: builds terraform-flow (this folder, Go's GOPATH mode, offline) and runs it with the
# arguments given, which drives each Terraform resource as `terraform apply` and then `terraform destroy` do.
#
#   BASE=http://127.0.0.1:8774 bash tests/gophercloud/run.sh [-resource networking_network_v2] [-list]
#
# Installs golang-go and golang-github-gophercloud-gophercloud-dev with apt-get when they are missing (needs root,
# as CI is). Prints "$ step", "ok   …" and "FAIL …" per step and "PASS gophercloud <resource>" per resource; the
# exit code is 0 only when every resource run passed.
set -uo pipefail

: "${BASE:?BASE (the service, e.g. http://127.0.0.1:8774) is required}"

here=$(cd "$(dirname "$0")" && pwd)
PACKAGES=(golang-go golang-github-gophercloud-gophercloud-dev)
GOCODE=/usr/share/gocode   # where Debian lays out Go library sources for GOPATH mode
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL $*"; exit 1; }
ok() { echo "ok   $*"; }

installed() { [ "$(dpkg-query -W -f '${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
# Read whole, not piped into grep -q: under pipefail, grep's early exit would fail the pipe.
candidate() { local policy; policy=$(apt-cache policy "$1" 2>/dev/null); [[ $policy == *"Candidate: "[0-9]* ]]; }

ensure_packages() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do installed "$package" || missing+=("$package"); done
  [ ${#missing[@]} -eq 0 ] && return
  echo "${missing[*]} not installed: installing from Debian"
  [ "$(id -u)" = 0 ] || fail "${missing[*]} missing and this is not root: run 'apt-get install -y ${missing[*]}'"
  for package in "${missing[@]}"; do
    candidate "$package" && continue
    apt-get update -qq -o DPkg::Lock::Timeout=300 || fail "apt-get update failed"
    break
  done
  for package in "${missing[@]}"; do candidate "$package" || fail "apt knows no $package package"; done
  local started=$SECONDS
  # Waits for another apt or dpkg (up to 5 minutes) rather than failing on its lock.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get install -y ${missing[*]} failed"; }
  ok "installed ${missing[*]} in $((SECONDS - started)) s"
}

ensure_packages
for package in "${PACKAGES[@]}"; do installed "$package" || fail "$package is still missing after the install"; done
[ -d "$GOCODE/src/github.com/gophercloud/gophercloud" ] || fail "no gophercloud sources under $GOCODE/src"

# GOPATH mode, no module proxy, no network: everything comes from Debian's packages. Go's build cache makes the
# second build of the same sources a link only.
export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$work/gopath:$GOCODE"
if [ -z "${GOCACHE:-}" ]; then
  export GOCACHE="${XDG_CACHE_HOME:-${HOME:-$work}/.cache}/go-build"
fi
started=$SECONDS
(cd "$here" && go build -o "$work/terraform-flow" .) >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "go build of tests/gophercloud failed"; }
ok "built with $(go version | awk '{print $3}') and gophercloud $(dpkg-query -W -f '${Version}' golang-github-gophercloud-gophercloud-dev) in $((SECONDS - started)) s"

"$work/terraform-flow" -base "$BASE" "$@"
