#!/usr/bin/env bash
# The OpenStack command-line client (Debian's python3-openstackclient, unmodified) and the classic tenant setup, over
# Keystone v3 with the demo account: a network and a subnet, a router with its gateway on the pool "default" and an
# interface on the subnet, a security group with rules, a server on the network in that group, and a floating IP on the
# server's port (a tenant network: Neutron reaches it through the router, whose id the floating IP then shows); then the
# teardown in reverse order, with the refusals Neutron answers on the way (an interface a floating IP needs, a group a port
# uses). Each answer is asserted (-f json), and the service's own view between the steps.
#
#   BASE=http://127.0.0.1:8774 bash tests/openstack-cli/routers.sh
#
# Installs python3-openstackclient with apt-get when it is missing (needs root, as CI is). Prints "$ command",
# "ok   …" for each check, "FAIL …" and exit 1 on the first failed one, "PASS openstack-cli-routers" at the end.
set -uo pipefail

# shellcheck source=client.sh
source "$(dirname "$0")/client.sh"

ensure_client
ok "client: $("$OPENSTACK" --version 2>&1) (python3-openstacksdk $(dpkg-query -W -f '${Version}' python3-openstacksdk))"
suffix=$$-$RANDOM
NET=cli-net-$suffix
SUBNET=cli-subnet-$suffix
ROUTER=cli-router-$suffix
GROUP=cli-web-$suffix
SERVER=cli-web-$suffix

os token issue -f json || fail "token issue"
TOKEN=$(value "j['id']")

os network create "$NET" -f json || fail "network create"
NET_ID=$(value "j['id']")
os subnet create --network "$NET" --subnet-range 10.88.0.0/24 "$SUBNET" -f json || fail "subnet create"
check "a subnet with its gateway" "j['gateway_ip'] == '10.88.0.1'"
SUBNET_ID=$(value "j['id']")

os router create "$ROUTER" -f json || fail "router create"
check "ACTIVE, without a gateway yet" "j['status'] == 'ACTIVE' and j['external_gateway_info'] is None"
ROUTER_ID=$(value "j['id']")
echo "ROUTER_ID=$ROUTER_ID"
os router set --external-gateway default "$ROUTER" || fail "router set --external-gateway"
os router show "$ROUTER" -f json || fail "router show"
check "its gateway holds an address of the pool" \
  "len(j['external_gateway_info']['external_fixed_ips']) == 1 and j['external_gateway_info']['external_fixed_ips'][0]['ip_address'].startswith('203.0.113.')"
GATEWAY=$(value "j['external_gateway_info']['external_fixed_ips'][0]['ip_address']")
api "the address history shows the router holding $GATEWAY" "/history/addresses/$GATEWAY" \
  "any(h['holder_kind'] == 'router' and h['to'] is None for h in r['holdings'])"
os router add subnet "$ROUTER" "$SUBNET" || fail "router add subnet"
os port list --router "$ROUTER" -f json || fail "port list --router"
check "its interface holds the subnet's gateway" "[p['Fixed IP Addresses'][0]['ip_address'] for p in j] == ['10.88.0.1']"

os security group create "$GROUP" --description "web servers" -f json || fail "security group create"
check "made with Neutron's egress rules" "sorted(r['ethertype'] for r in j['rules'] if r['direction'] == 'egress') == ['IPv4', 'IPv6']"
GROUP_ID=$(value "j['id']")
os security group rule create --protocol tcp --dst-port 22 --remote-ip 0.0.0.0/0 "$GROUP" -f json || fail "security group rule create (ssh)"
check "tcp 22 from anywhere" "j['protocol'] == 'tcp' and j['port_range_min'] == 22 and j['port_range_max'] == 22 and j['remote_ip_prefix'] == '0.0.0.0/0'"
SSH_RULE=$(value "j['id']")
os security group rule create --protocol icmp "$GROUP" -f json || fail "security group rule create (icmp)"
if os security group rule create --protocol tcp --dst-port 22 "$GROUP" -f json; then fail "the same rule again should fail"; fi
grep -q "Security group rule already exists" "$work/err" || fail "the same rule again: expected SecurityGroupRuleExists"
ok "the same rule again: 409 SecurityGroupRuleExists"
os security group list -f json || fail "security group list"
check "the project's default group and this one" "{'default', '$GROUP'} <= {g['Name'] for g in j}"

os server create --image cirros-0.6.2 --flavor m1.tiny --network "$NET" --security-group "$GROUP" --wait "$SERVER" -f json \
  || fail "server create --security-group --wait"
check "ACTIVE, in the group" "j['status'] == 'ACTIVE' and j['security_groups'] == [{'name': '$GROUP'}]"
SERVER_ID=$(value "j['id']")
os port list --server "$SERVER" -f json || fail "port list --server"
PORT_ID=$(value "j[0]['ID']")
os port show "$PORT_ID" -f json || fail "port show"
check "the server's port is in the group" "j['security_group_ids'] == ['$GROUP_ID']"

os floating ip create default -f json || fail "floating ip create"
FIP=$(value "j['floating_ip_address']")
FIP_ID=$(value "j['id']")
os floating ip set --port "$PORT_ID" "$FIP" || fail "floating ip set --port (a tenant network)"
os floating ip show "$FIP" -f json || fail "floating ip show"
check "ACTIVE through the router" "j['status'] == 'ACTIVE' and j['router_id'] == '$ROUTER_ID' and j['port_id'] == '$PORT_ID'"
os server show "$SERVER" -f json || fail "server show"
check "the floating IP is the server's" "'$FIP' in str(j['addresses'])"

# The teardown, in reverse order, and what Neutron refuses on the way.
if os router remove subnet "$ROUTER" "$SUBNET"; then fail "removing the interface a floating IP needs should fail"; fi
grep -q "required by one or more floating IPs" "$work/err" || fail "expected RouterInterfaceInUseByFloatingIP"
ok "the interface the floating IP needs stays: 409"
os floating ip unset --port "$FIP" || fail "floating ip unset --port"
os floating ip delete "$FIP" || fail "floating ip delete"
if os security group delete "$GROUP"; then fail "deleting a group a port uses should fail"; fi
grep -q "in use" "$work/err" || fail "expected SecurityGroupInUse"
ok "the group the server's port uses stays: 409"
os server delete --wait "$SERVER" || fail "server delete --wait"
os security group rule delete "$SSH_RULE" || fail "security group rule delete"
os security group delete "$GROUP" || fail "security group delete"
os router remove subnet "$ROUTER" "$SUBNET" || fail "router remove subnet"
os router unset --external-gateway "$ROUTER" || fail "router unset --external-gateway"
os router show "$ROUTER" -f json || fail "router show"
check "no gateway" "j['external_gateway_info'] is None"
api "the gateway's address went back to the pool" "/history/addresses/$GATEWAY" \
  "all(h['to'] is not None for h in r['holdings'] if h['holder_kind'] == 'router')"
os router delete "$ROUTER" || fail "router delete"
os subnet delete "$SUBNET" || fail "subnet delete"
os network delete "$NET" || fail "network delete"
os router list -f json || fail "router list"
check "the router is gone" "'$ROUTER' not in [r['Name'] for r in j]"

echo "PASS openstack-cli-routers"
