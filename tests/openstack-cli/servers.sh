#!/usr/bin/env bash
# The OpenStack command-line client (Debian's python3-openstackclient, unmodified) and a server's whole life, over
# Keystone v3 with the demo account: the images, flavors and availability zones it is made from, a keypair generated
# (its private key checked against its public key) and one imported, the server made by names (image, flavor,
# network, keypair, zone) and waited for, listed, shown, given a floating IP and rid of it, the quotas and limits it
# counts against, then deleted and waited for, and the keypairs deleted. Each answer is asserted (-f json), and the
# service's own view (GET /servers/{id}) between the steps.
#
#   BASE=http://127.0.0.1:8774 NETWORK=<a network of demo with a subnet, by name> bash tests/openstack-cli/servers.sh
#
# Installs python3-openstackclient with apt-get when it is missing (needs root, as CI is). Prints "$ command",
# "ok   …" for each check, "FAIL …" and exit 1 on the first failed one, "PASS openstack-cli-servers" at the end.
set -uo pipefail

: "${NETWORK:?NETWORK (the name of a network of demo with a subnet) is required}"
# shellcheck source=client.sh
source "$(dirname "$0")/client.sh"

ensure_client
ok "client: $("$OPENSTACK" --version 2>&1) (python3-openstacksdk $(dpkg-query -W -f '${Version}' python3-openstacksdk))"
suffix=$$-$RANDOM
KEY=cli-key-$suffix
IMPORTED=cli-imported-$suffix
SERVER=cli-server-$suffix

os token issue -f json || fail "token issue"
TOKEN=$(value "j['id']")

os image list -f json || fail "image list"
check "the configured images, active" \
  "{'cirros-0.6.2', 'ubuntu-24.04', 'debian-12'} <= {i['Name'] for i in j} and all(i['Status'] == 'active' for i in j)"
CIRROS=$(value "[i['ID'] for i in j if i['Name'] == 'cirros-0.6.2'][0]")
os image show cirros-0.6.2 -f json || fail "image show"
check "shown by name: qcow2, bare, its size and checksum" \
  "j['id'] == '$CIRROS' and j['disk_format'] == 'qcow2' and j['container_format'] == 'bare' and j['size'] > 0 and len(j['checksum']) == 32"

os flavor list -f json || fail "flavor list"
check "m1.tiny among the flavors, with its RAM, disk and vCPUs" \
  "[(f['RAM'], f['Disk'], f['VCPUs'], f['Is Public']) for f in j if f['Name'] == 'm1.tiny'] == [(512, 1, 1, True)]"
os flavor show general1-1 -f json || fail "flavor show"
check "a flavor's extra specs" "j['properties'].get('class') == 'general1'"

os availability zone list -f json || fail "availability zone list"
check "one zone, nova, available" "[(z['Zone Name'], z['Zone Status']) for z in j] == [('nova', 'available')]"

os keypair create "$KEY" || fail "keypair create"
cp "$work/out" "$work/key.pem"
chmod 600 "$work/key.pem"
grep -q -- '-----BEGIN RSA PRIVATE KEY-----' "$work/key.pem" || fail "keypair create: no private key printed"
ok "generated: the private key printed once"
os keypair show "$KEY" --public-key || fail "keypair show --public-key"
cp "$work/out" "$work/key.pub"
"$PYTHON" - "$work/key.pem" "$work/key.pub" <<'PY' || fail "the private key is not the public key's"
import base64, subprocess, sys
from cryptography.hazmat.primitives import serialization
private = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
derived = private.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
shown = open(sys.argv[2]).read().split()
sys.exit(0 if derived.split()[:2] == shown[:2] else 1)
PY
ok "the private key is the shown public key's"
"$PYTHON" - "$work/imported" <<'PY' || fail "making a key to import"
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
key = ed25519.Ed25519PrivateKey.generate().public_key()
open(sys.argv[1], "w").write(key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " cli@example\n")
PY
FINGERPRINT=$("$PYTHON" -c 'import base64, hashlib, sys; b = base64.b64decode(open(sys.argv[1]).read().split()[1]); print(":".join(f"{x:02x}" for x in hashlib.md5(b).digest()))' "$work/imported")
os keypair create --public-key "$work/imported" "$IMPORTED" -f json || fail "keypair create --public-key"
check "imported, with the key's MD5 fingerprint" "j['name'] == '$IMPORTED' and j['fingerprint'] == '$FINGERPRINT'"
os keypair list -f json || fail "keypair list"
check "both keypairs listed" "{'$KEY', '$IMPORTED'} <= {k['Name'] for k in j}"

os server create --image cirros-0.6.2 --flavor m1.tiny --network "$NETWORK" --key-name "$KEY" --availability-zone nova --wait "$SERVER" -f json \
  || fail "server create --wait"
check "ACTIVE, with its keypair, zone, image and flavor by name" \
  "j['status'] == 'ACTIVE' and j['key_name'] == '$KEY' and j['OS-EXT-AZ:availability_zone'] == 'nova' and j['image'] == 'cirros-0.6.2 ($CIRROS)' and j['flavor'] == 'm1.tiny (1)'"
check "an address on $NETWORK" "len(j['addresses']['$NETWORK']) == 1"
SERVER_ID=$(value "j['id']")
FIXED=$(value "j['addresses']['$NETWORK'][0]")
echo "SERVER_ID=$SERVER_ID"
api "the server as the service shows it" "/servers/$SERVER_ID" \
  "r['server']['key_name'] == '$KEY' and r['server']['image']['id'] == '$CIRROS' and r['server']['flavor']['id'] == '1' and r['server']['OS-EXT-AZ:availability_zone'] == 'nova'"

os server list -f json || fail "server list"
check "listed, ACTIVE, with its network, image and flavor names" \
  "[(s['Status'], s['Networks'], s['Image'], s['Flavor']) for s in j if s['ID'] == '$SERVER_ID'] == [('ACTIVE', {'$NETWORK': ['$FIXED']}, 'cirros-0.6.2', 'm1.tiny')]"
os server show "$SERVER" -f json || fail "server show"
check "shown by name" "j['id'] == '$SERVER_ID' and j['key_name'] == '$KEY' and j['addresses'] == {'$NETWORK': ['$FIXED']}"

os floating ip create default -f json || fail "floating ip create"
FIP=$(value "j['floating_ip_address']")
os server add floating ip "$SERVER" "$FIP" || fail "server add floating ip"
os server show "$SERVER" -f json || fail "server show"
check "the floating IP is the server's" "j['addresses'] == {'$NETWORK': ['$FIXED', '$FIP']}"
api "nova lists it as floating" "/servers/$SERVER_ID" \
  "[a['OS-EXT-IPS:type'] for a in r['server']['addresses']['$NETWORK'] if a['addr'] == '$FIP'] == ['floating']"
os server remove floating ip "$SERVER" "$FIP" || fail "server remove floating ip"
os server show "$SERVER" -f json || fail "server show"
check "the floating IP is gone from the server" "j['addresses'] == {'$NETWORK': ['$FIXED']}"
os floating ip delete "$FIP" || fail "floating ip delete"

os limits show --absolute -f json || fail "limits show --absolute"
check "nova's absolute limits, the server and the keypairs counted" \
  "(lambda l: l['maxTotalInstances'] == 10 and l['totalInstancesUsed'] >= 1 and l['totalCoresUsed'] >= 1 and l['totalRAMUsed'] >= 512 and l['maxTotalKeypairs'] == 100)({x['Name']: x['Value'] for x in j})"

# quota show reads nova's quota set and Neutron's quotas, and shows them as one table.
os quota show -f json || fail "quota show"
check "nova's and Neutron's quotas in one table" \
  "j['instances'] == 10 and j['cores'] == 20 and j['ram'] == 51200 and j['key-pairs'] == 100 and j['floating-ips'] == 10 and j['networks'] == 100 and j['ports'] == 500 and j['subnets'] == 100"

os server delete --wait "$SERVER" || fail "server delete --wait"
ok "deleted, and waited for"
if os server show "$SERVER_ID" -f json; then fail "show after delete should fail"; fi
grep -q "No server with a name or ID of '$SERVER_ID' exists" "$work/err" || fail "show after delete: expected 'No server with a name or ID'"
ok "show after delete: No server with a name or ID"

os keypair delete "$KEY" "$IMPORTED" || fail "keypair delete"
os keypair list -f json || fail "keypair list"
check "the keypairs are gone" "not ({'$KEY', '$IMPORTED'} & {k['Name'] for k in j})"

echo "PASS openstack-cli-servers"
