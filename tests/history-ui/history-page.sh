#!/usr/bin/env bash
# Runs history-page.mjs (the history page in a real browser) against $BASE, after making sure Debian's Chromium is
# there: playwright-core downloads no browser, so the system's is installed with apt-get when missing (as root; CI runs
# as root). Prints the script's "ok"/"FAIL" lines and ends with "PASS history-ui" when every check held.
set -euo pipefail
cd "$(dirname "$0")"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

fail() { echo "FAIL $*"; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  echo "chromium is not installed: installing it from Debian"
  [ "$(id -u)" = 0 ] || fail "chromium is missing and this is not root: run 'apt-get install -y chromium'"
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq -o DPkg::Lock::Timeout=300 || fail "apt-get update failed"
  fi
  started=$SECONDS
  log=$(mktemp)
  # Waits for another apt or dpkg (up to 5 minutes) rather than failing on its lock.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium fonts-dejavu-core >"$log" 2>&1 \
    || { cat "$log"; fail "apt-get install -y chromium failed"; }
  [ -x "$CHROMIUM" ] || fail "$CHROMIUM is still missing after the install"
  echo "ok   installed chromium in $((SECONDS - started)) s"
fi
echo "ok   browser: $("$CHROMIUM" --version 2>/dev/null | head -1)"
CHROMIUM="$CHROMIUM" exec node history-page.mjs
