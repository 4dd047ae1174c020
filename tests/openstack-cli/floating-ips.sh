#!/usr/bin/env bash
# The OpenStack command-line client (Debian's python3-openstackclient, unmodified) against the service, over
# Keystone v3 with the demo account: creates a floating IP on the external network "default" (the default pool),
# lists it, shows it, associates it with a server's port, disassociates it and deletes it, asserting each answer
# (-f json). Between the steps it reads nova's view (GET /os-floating-ips/{id}) to see the same floating IP change.
#
#   BASE=http://127.0.0.1:8774 SERVER_ID=<a server of demo> PORT_ID=<its port> FIXED_IP=<the port's IPv4> \
#     bash tests/openstack-cli/floating-ips.sh
#
# Installs python3-openstackclient with apt-get when it is missing (needs root, as CI is). Prints "$ command",
# "ok   …" for each check, "FAIL …" and exit 1 on the first failed one, "PASS openstack-cli" at the end.
set -uo pipefail

: "${SERVER_ID:?SERVER_ID is required}"
: "${PORT_ID:?PORT_ID is required}"
: "${FIXED_IP:?FIXED_IP is required}"
# shellcheck source=client.sh
source "$(dirname "$0")/client.sh"

# nova "<what>" '<python expression over f, nova's floating_ip>': nova's view of the floating IP, with the CLI's own token.
nova() { api "nova: $1" "/os-floating-ips/$FIP_ID" "(lambda f: $2)(r['floating_ip'])"; }

ensure_client
ok "client: $("$OPENSTACK" --version 2>&1) (python3-openstacksdk $(dpkg-query -W -f '${Version}' python3-openstacksdk))"

os token issue -f json || fail "token issue"
check "a Keystone v3 token scoped to the demo project" "j['project_id'] == '$OS_PROJECT_ID' and len(j['id']) > 0"
TOKEN=$(value "j['id']")

os network list --external -f json || fail "network list --external"
check "the pool 'default' is an external network" "[n['Name'] for n in j] == ['default']"
EXTERNAL_ID=$(value "j[0]['ID']")

os floating ip create default --description "made by the openstack CLI" -f json || fail "floating ip create"
check "created on the external network 'default', unassociated" \
  "j['floating_network_id'] == '$EXTERNAL_ID' and j['port_id'] is None and j['fixed_ip_address'] is None and j['status'] == 'DOWN'"
check "an address of the pool, the description, revision 1" \
  "j['floating_ip_address'].startswith('203.0.113.') and j['description'] == 'made by the openstack CLI' and j['revision_number'] == 1"
check "owned by the demo project" "j['project_id'] == '$OS_PROJECT_ID'"
FIP_ID=$(value "j['id']")
FIP=$(value "j['floating_ip_address']")
echo "FLOATING_IP_ID=$FIP_ID"
nova "the same floating IP, in pool default, on no server" "f['ip'] == '$FIP' and f['pool'] == 'default' and f['instance_id'] is None"

os floating ip list -f json || fail "floating ip list"
check "listed, with its address and network and no port" \
  "[(i['Floating IP Address'], i['Floating Network'], i['Port']) for i in j if i['ID'] == '$FIP_ID'] == [('$FIP', '$EXTERNAL_ID', None)]"

os floating ip show "$FIP_ID" -f json || fail "floating ip show"
check "shown by id, every field as created" \
  "j['id'] == '$FIP_ID' and j['floating_ip_address'] == '$FIP' and j['status'] == 'DOWN' and j['router_id'] is None and j['tags'] == []"

os floating ip set --port "$PORT_ID" "$FIP" || fail "floating ip set --port"
ok "set --port (found by address)"
os floating ip show "$FIP" -f json || fail "floating ip show"
check "associated with the port and its fixed IP, ACTIVE, revision 2" \
  "j['port_id'] == '$PORT_ID' and j['fixed_ip_address'] == '$FIXED_IP' and j['status'] == 'ACTIVE' and j['revision_number'] == 2"
nova "attached to the server, on the port's fixed IP" "f['instance_id'] == '$SERVER_ID' and f['fixed_ip'] == '$FIXED_IP'"

os floating ip list --port "$PORT_ID" -f json || fail "floating ip list --port"
check "the only floating IP of the port" "[i['ID'] for i in j] == ['$FIP_ID'] and j[0]['Fixed IP Address'] == '$FIXED_IP'"

os floating ip unset --port "$FIP_ID" || fail "floating ip unset --port"
ok "unset --port"
os floating ip show "$FIP_ID" -f json || fail "floating ip show"
check "disassociated: no port, no fixed IP, DOWN, revision 3" \
  "j['port_id'] is None and j['fixed_ip_address'] is None and j['status'] == 'DOWN' and j['revision_number'] == 3"
nova "on no server again" "f['instance_id'] is None and f['fixed_ip'] is None"

os floating ip delete "$FIP_ID" || fail "floating ip delete"
ok "deleted"
os floating ip list -f json || fail "floating ip list"
check "no longer listed" "all(i['ID'] != '$FIP_ID' for i in j)"
if os floating ip show "$FIP_ID" -f json; then fail "show after delete should fail"; fi
grep -q "No FloatingIP found for $FIP_ID" "$work/err" || fail "show after delete: expected 'No FloatingIP found for $FIP_ID'"
ok "show after delete: No FloatingIP found"

echo "PASS openstack-cli"
