# Sourced by the scripts of this folder: Debian's openstack client (python3-openstackclient, unmodified), installed with
# apt-get when it is missing (needs root, as CI is), pointed at $BASE over Keystone v3 with the demo account, and the
# helpers the scripts assert with. Prints "$ command", "ok   …" for each check, "FAIL …" and exit 1 on the first failure.

: "${BASE:?BASE (the service, e.g. http://127.0.0.1:8774) is required}"

OPENSTACK=/usr/bin/openstack
PYTHON=/usr/bin/python3   # Debian's, which the client depends on (not a pyenv or venv one)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL $*"; exit 1; }
elapsed() { "$PYTHON" -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$EPOCHREALTIME"; }
ok() { echo "ok   $*"; }

ensure_client() {
  if [ -x "$OPENSTACK" ] && [ "$(dpkg-query -W -f '${Status}' python3-openstackclient 2>/dev/null)" = "install ok installed" ]; then return; fi
  echo "python3-openstackclient is not installed: installing it from Debian"
  [ "$(id -u)" = 0 ] || fail "python3-openstackclient is missing and this is not root: run 'apt-get install -y python3-openstackclient'"
  if ! apt-cache policy python3-openstackclient 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt-get update -qq -o DPkg::Lock::Timeout=300 || fail "apt-get update failed"
  fi
  apt-cache policy python3-openstackclient | grep -q 'Candidate: [0-9]' || fail "apt knows no python3-openstackclient package"
  local started=$SECONDS
  # Waits for another apt or dpkg (up to 5 minutes) rather than failing on its lock.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 python3-openstackclient >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get install -y python3-openstackclient failed"; }
  [ -x "$OPENSTACK" ] || fail "$OPENSTACK is still missing after the install"
  ok "installed python3-openstackclient $(dpkg-query -W -f '${Version}' python3-openstackclient) in $((SECONDS - started)) s"
}

# Only what this script sets: no OS_CLOUD, token or endpoint override from the caller's environment.
for name in $(env | sed -n 's/^\(OS_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$name"; done
export OS_AUTH_TYPE=password OS_AUTH_URL="$BASE/v3" OS_IDENTITY_API_VERSION=3 \
  OS_USERNAME=demo OS_PASSWORD=demo-password OS_USER_DOMAIN_NAME=Default \
  OS_PROJECT_ID=7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12 OS_PROJECT_DOMAIN_ID=default \
  OS_REGION_NAME=RegionOne OS_INTERFACE=public

# os <args…>: runs the client; its stdout lands in $work/out, its stderr in $work/err, and a failure shows both.
os() {
  local started=$EPOCHREALTIME
  "$OPENSTACK" "$@" >"$work/out" 2>"$work/err"
  local status=$?
  echo "\$ openstack $(printf '%q ' "$@") ($(elapsed "$started") s)"
  if [ $status -ne 0 ]; then
    echo "  exit $status; stdout:"; sed 's/^/    /' "$work/out"
    echo "  stderr:"; sed 's/^/    /' "$work/err" | tail -40
    return $status
  fi
}

# check "<what>" '<python expression over j, the JSON the last command printed>'
check() {
  local what=$1 expression=$2
  if "$PYTHON" - "$work/out" "$expression" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2], {"j": j}) else 1)
PY
  then ok "$what"
  else echo "  got: $(head -c 2000 "$work/out")"; fail "$what"
  fi
}

# value '<python expression over j>': prints it.
value() { "$PYTHON" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"j": j}))' "$work/out" "$1"; }

# api "<what>" <path> '<python expression over r, the JSON the service answers>': the service's own view, with the CLI's token.
api() {
  local what=$1 path=$2 expression=$3
  "$PYTHON" - "$BASE" "$TOKEN" "$path" "$expression" >"$work/api" 2>&1 <<'PY'
import json, sys, urllib.request
base, token, path, expression = sys.argv[1:]
r = json.load(urllib.request.urlopen(urllib.request.Request(base + path, headers={"X-Auth-Token": token})))
print(json.dumps(r))
sys.exit(0 if eval(expression, {"r": r}) else 1)
PY
  local status=$?
  [ $status -eq 0 ] && ok "api: $what" || { echo "  got: $(head -c 2000 "$work/api")"; fail "api: $what"; }
}
