#!/usr/bin/env bash
# The OpenStack command-line client (Debian's python3-openstackclient, unmodified) waiting for a port that a lifecycle fault
# rule keeps DOWN once bound: the caller (tests/CloudNet.Tests/Admin/Faults/with_the_openstack_cli_polling.cs) has added, for
# demo's tenant, a rule that keeps the next port made with a device DOWN for two reads of it, and made $NETWORK (with a
# subnet) reachable from the pool "default" through a router. The script makes the port with a device, points a floating IP
# at it, and polls `port show` until the port is ACTIVE (as a script waiting for a NIC does; the CLI has no --wait for
# ports), then checks the floating IP followed it.
#
#   BASE=http://127.0.0.1:8774 NETWORK=<a routed network of demo, by name> bash tests/openstack-cli/port-active.sh
#
# Prints "$ command", "ok   …" for each check, "FAIL …" and exit 1 on the first failed one, "PASS openstack-cli-port-active".
set -uo pipefail

: "${NETWORK:?NETWORK (the name of a routed network of demo with a subnet) is required}"
# shellcheck source=client.sh
source "$(dirname "$0")/client.sh"

ensure_client
suffix=$$-$RANDOM

os port create --network "$NETWORK" --device "vm-$suffix" --device-owner compute:nova "nic-$suffix" -f json || fail "port create"
check "bound, and DOWN: the rule's wait" "j['status'] == 'DOWN' and j['device_id'] == 'vm-$suffix'"
PORT_ID=$(value "j['id']")
echo "PORT_ID=$PORT_ID"

os floating ip create default --port "$PORT_ID" -f json || fail "floating ip create --port"
check "associated, and DOWN with its port" "j['port_id'] == '$PORT_ID' and j['status'] == 'DOWN'"
FIP_ID=$(value "j['id']")
os floating ip show "$FIP_ID" -f json || fail "floating ip show"
check "still DOWN: reading the floating IP is no read of the port" "j['status'] == 'DOWN'"

reads=0
status=DOWN
while [ "$status" != ACTIVE ] && [ $reads -lt 10 ]; do
  os port show "$PORT_ID" -f json || fail "port show"
  reads=$((reads + 1))
  status=$(value "j['status']")
done
[ "$status" = ACTIVE ] || fail "the port is still $status after $reads reads"
ok "ACTIVE after $reads reads of the port"

os floating ip show "$FIP_ID" -f json || fail "floating ip show"
check "the floating IP followed its port: ACTIVE" "j['status'] == 'ACTIVE'"

os floating ip delete "$FIP_ID" || fail "floating ip delete"
os port delete "$PORT_ID" || fail "port delete"
ok "both deleted"
echo "PASS openstack-cli-port-active"
