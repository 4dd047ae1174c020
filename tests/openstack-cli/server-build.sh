#!/usr/bin/env bash
# The OpenStack command-line client (Debian's python3-openstackclient, unmodified) waiting for servers that a lifecycle
# fault rule keeps in BUILD: the caller (tests/CloudNet.Tests/Admin/Faults/with_the_openstack_cli_polling.cs) has added,
# for demo's tenant, one rule that keeps the next server in BUILD for one poll then makes it ACTIVE, and one that keeps
# the server after it in BUILD for one poll then makes it ERROR. `server create --wait` polls GET /servers/{id}
# (every 5 s, osc_lib's wait_for_status) until ACTIVE, or ERROR ("Error creating server").
#
#   BASE=http://127.0.0.1:8774 NETWORK=<a network of demo with a subnet, by name> bash tests/openstack-cli/server-build.sh
#
# Prints "$ command", "ok   …" for each check, "FAIL …" and exit 1 on the first failed one, "PASS openstack-cli-server-build".
set -uo pipefail

: "${NETWORK:?NETWORK (the name of a network of demo with a subnet) is required}"
# shellcheck source=client.sh
source "$(dirname "$0")/client.sh"

ensure_client
suffix=$$-$RANDOM

os server create --image cirros-0.6.2 --flavor m1.tiny --network "$NETWORK" --wait "built-$suffix" -f json \
  || fail "server create --wait (built after one poll)"
check "waited for through BUILD: ACTIVE" "j['status'] == 'ACTIVE'"
echo "BUILT_ID=$(value "j['id']")"

# On ERROR this client version logs "Error creating server: <name>", writes "Error creating server" instead of the server,
# and leaves with SystemExit (exit status 0): the message and the missing JSON are what a script can tell it by.
"$OPENSTACK" server create --image cirros-0.6.2 --flavor m1.tiny --network "$NETWORK" --wait "failed-$suffix" -f json \
  >"$work/out" 2>"$work/err"
echo "\$ openstack server create … --wait failed-$suffix (exit $?)"
grep -q "Error creating server" "$work/out" "$work/err" || { cat "$work/out" "$work/err"; fail "the client did not say 'Error creating server'"; }
ok "the client waited through BUILD, saw ERROR and said: $(grep -h "Error creating server" "$work/err" "$work/out" | head -1)"
os server show "failed-$suffix" -f json || fail "server show"
check "ERROR, with nova's fault" "j['status'] == 'ERROR' and 'ERROR' in str(j.get('fault'))"
echo "FAILED_ID=$(value "j['id']")"

os server delete --wait "built-$suffix" "failed-$suffix" || fail "server delete --wait"
ok "both deleted"
echo "PASS openstack-cli-server-build"
