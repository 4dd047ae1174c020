// The official Huawei Cloud SDK for Node, unmodified, beyond private IPs (issue 21): the v2 VpcClient (v1 paths, the tag
// routes, quotas, IP availability, and its neutron* calls on /v2.0, all signed with AK/SK) and the v3 VpcClient, against
// CloudNet. EIPs go over plain HTTP signed by the SDK core's own AK/SK signer (the EIP SDK package is not on the registry).
//
//   BASE=http://127.0.0.1:8774 [SDK_WIRE=1] node vpc.mjs
//
// In the demo project the script makes a VPC (10.89.0.0/16) and a subnet (10.89.1.0/24) with DHCP and DNS settings, a port
// (a virtual IP's, 10.89.1.50), a private IP that the port then names in its allowed_address_pairs (so the private IP is in
// use, and deleting it is VPC.0707), updates the VPC through v1 and reads it back through v3, tags it, reads the quota and
// the subnet's IP availability, reads the same network, subnet and port through the neutron* calls, applies an EIP, binds it
// to the port and unbinds it, makes security groups and rules through v1 and v3 (and tags one), and tears everything down.
// One line per step; the exit code is 0 only when every step passed.
import { isIPv4 } from 'node:net';
import * as vpc from '@huaweicloud/huaweicloud-sdk-vpc';
import { BASE, PROJECT_ID, credentials, deadline, check, equal, describe, step, rejection, anyFailed, markFailed, AKSKSigner } from './steps.mjs';

const v2 = vpc;
const v3 = vpc.v3;

deadline(120);

const client = v2.VpcClient.newBuilder().withCredential(credentials).withEndpoint(BASE).build();
const clientV3 = v3.VpcClient.newBuilder().withCredential(credentials).withEndpoint(BASE).build();

const VIP = '10.89.1.50';

let VPC_ID = '';
let SUBNET_ID = ''; // the network id (the VPC subnet's id)
let NEUTRON_SUBNET_ID = ''; // its IPv4 subnet
let PORT_ID = '';
let PRIVATE_IP = null;
let EIP_ID = '';

/** An EIP request, signed as the SDK signs (its core's AKSKSigner), sent with fetch: the answer's status and JSON. */
async function eip(method, path, data) {
    const url = `${BASE}/v1/${PROJECT_ID}/publicips${path}`;
    const request = {
        endpoint: url,
        method,
        queryParams: {},
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': PROJECT_ID },
        data,
    };
    const headers = AKSKSigner.sign(request, credentials);
    const response = await fetch(url, { method, headers, body: data === undefined ? undefined : JSON.stringify(data) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    return { status: response.status, json };
}

const cleanups = [];

async function run() {
    await step('CreateVpc and CreateSubnet (DHCP off, two DNS servers)', async () => {
        const made = await client.createVpc(new v2.CreateVpcRequest().withBody(new v2.CreateVpcRequestBody()
            .withVpc(new v2.CreateVpcOption().withName('sdk-vpc').withCidr('10.89.0.0/16'))));
        VPC_ID = made.vpc.id;
        cleanups.unshift(() => clientV3.deleteVpc(new v3.DeleteVpcRequest().withVpcId(VPC_ID)));
        const subnet = await client.createSubnet(new v2.CreateSubnetRequest().withBody(new v2.CreateSubnetRequestBody()
            .withSubnet(new v2.CreateSubnetOption().withName('sdk-subnet').withCidr('10.89.1.0/24').withGatewayIp('10.89.1.1').withVpcId(VPC_ID)
                .withDhcpEnable(false).withPrimaryDns('100.125.1.250').withSecondaryDns('100.125.21.250'))));
        SUBNET_ID = subnet.subnet.id;
        NEUTRON_SUBNET_ID = subnet.subnet.neutron_subnet_id;
        cleanups.unshift(() => client.deleteSubnet(new v2.DeleteSubnetRequest().withVpcId(VPC_ID).withSubnetId(SUBNET_ID)));
        equal(subnet.subnet.dhcp_enable, false, 'subnet.dhcp_enable');
        equal(subnet.subnet.secondary_dns, '100.125.21.250', 'subnet.secondary_dns');
        return `${VPC_ID}, subnet ${SUBNET_ID} (Neutron subnet ${NEUTRON_SUBNET_ID})`;
    });

    await step(`CreatePort (a virtual IP's port, ${VIP}), ShowPort, ListPorts`, async () => {
        const made = await client.createPort(new v2.CreatePortRequest().withBody(new v2.CreatePortRequestBody().withPort(
            new v2.CreatePortOption().withName('sdk-vip').withNetworkId(SUBNET_ID).withDeviceOwner('neutron:VIP_PORT')
                .withFixedIps([new v2.FixedIp().withSubnetId(NEUTRON_SUBNET_ID).withIpAddress(VIP)]))));
        equal(made.httpStatusCode, 200, 'httpStatusCode');
        PORT_ID = made.port.id;
        cleanups.unshift(() => client.deletePort(new v2.DeletePortRequest().withPortId(PORT_ID)));
        equal(made.port.network_id, SUBNET_ID, 'port.network_id');
        equal(made.port.fixed_ips?.[0]?.subnet_id, NEUTRON_SUBNET_ID, 'port.fixed_ips[0].subnet_id');
        equal(made.port.fixed_ips?.[0]?.ip_address, VIP, 'port.fixed_ips[0].ip_address');
        equal(made.port.device_owner, 'neutron:VIP_PORT', 'port.device_owner');
        equal(made.port.status, 'DOWN', 'port.status');
        const shown = await client.showPort(new v2.ShowPortRequest().withPortId(PORT_ID));
        equal(shown.port.mac_address, made.port.mac_address, 'shown port.mac_address');
        const listed = await client.listPorts(new v2.ListPortsRequest().withNetworkId(SUBNET_ID));
        check(listed.ports?.some((p) => p.id === PORT_ID), `${PORT_ID} is not listed: ${JSON.stringify(listed.ports)}`);
        return `${PORT_ID} ${made.port.mac_address}`;
    });

    await step('CreatePrivateip, then UpdatePort names it in allowed_address_pairs: the private IP is in use', async () => {
        const made = await client.createPrivateip(new v2.CreatePrivateipRequest().withBody(new v2.CreatePrivateipRequestBody()
            .withPrivateips([new v2.CreatePrivateipOption().withSubnetId(SUBNET_ID)])));
        PRIVATE_IP = made.privateips[0];
        cleanups.unshift(() => client.deletePrivateip(new v2.DeletePrivateipRequest().withPrivateipId(PRIVATE_IP.id)));
        check(isIPv4(PRIVATE_IP.ip_address ?? ''), `no address: ${JSON.stringify(PRIVATE_IP)}`);
        equal(PRIVATE_IP.status, 'DOWN', 'privateip.status before');
        const updated = await client.updatePort(new v2.UpdatePortRequest().withPortId(PORT_ID).withBody(new v2.UpdatePortRequestBody()
            .withPort(new v2.UpdatePortOption().withAllowedAddressPairs([new v2.AllowedAddressPair().withIpAddress(PRIVATE_IP.ip_address)]))));
        cleanups.unshift(() => client.updatePort(new v2.UpdatePortRequest().withPortId(PORT_ID).withBody(new v2.UpdatePortRequestBody()
            .withPort(new v2.UpdatePortOption().withAllowedAddressPairs([])))));
        equal(updated.port.allowed_address_pairs?.[0]?.ip_address, PRIVATE_IP.ip_address, 'port.allowed_address_pairs[0].ip_address');
        const shown = await client.showPrivateip(new v2.ShowPrivateipRequest().withPrivateipId(PRIVATE_IP.id));
        equal(shown.privateip.status, 'ACTIVE', 'privateip.status');
        equal(shown.privateip.device_owner, 'neutron:VIP_PORT', 'privateip.device_owner');
        return `${PRIVATE_IP.ip_address} is ${shown.privateip.status} (${shown.privateip.device_owner})`;
    });

    await step('error: DeletePrivateip of the private IP in use is VPC.0707', async () => {
        const error = await rejection(() => client.deletePrivateip(new v2.DeletePrivateipRequest().withPrivateipId(PRIVATE_IP.id)));
        equal(error?.httpStatusCode, 409, `httpStatusCode (${describe(error)})`);
        equal(error.errorCode, 'VPC.0707', 'errorCode');
        return `${error.httpStatusCode} ${error.errorCode} ${JSON.stringify(error.errorMsg)}`;
    });

    await step('UpdateVpc (v1), then ShowVpc, ListVpcs and UpdateVpc through v3', async () => {
        const updated = await client.updateVpc(new v2.UpdateVpcRequest().withVpcId(VPC_ID).withBody(new v2.UpdateVpcRequestBody()
            .withVpc(new v2.UpdateVpcOption().withName('sdk-vpc-renamed').withDescription('updated by the SDK'))));
        equal(updated.vpc.name, 'sdk-vpc-renamed', 'v1 vpc.name');
        const shown = await clientV3.showVpc(new v3.ShowVpcRequest().withVpcId(VPC_ID));
        equal(shown.httpStatusCode, 200, 'v3 httpStatusCode');
        equal(shown.vpc.name, 'sdk-vpc-renamed', 'v3 vpc.name');
        equal(shown.vpc.description, 'updated by the SDK', 'v3 vpc.description');
        equal(shown.vpc.cidr, '10.89.0.0/16', 'v3 vpc.cidr');
        equal(shown.vpc.project_id, PROJECT_ID, 'v3 vpc.project_id');
        check(typeof shown.request_id === 'string' && shown.request_id.length > 0, 'v3 request_id');
        const listed = await clientV3.listVpcs(new v3.ListVpcsRequest().withId([VPC_ID, '00000000-0000-4000-8000-000000000000']));
        equal(listed.vpcs?.length, 1, 'v3 vpcs listed by id');
        const renamed = await clientV3.updateVpc(new v3.UpdateVpcRequest().withVpcId(VPC_ID).withBody(new v3.UpdateVpcRequestBody()
            .withVpc(new v3.UpdateVpcOption().withDescription('updated through v3'))));
        equal(renamed.vpc.description, 'updated through v3', 'v3 updated vpc.description');
        const missing = await rejection(() => clientV3.showVpc(new v3.ShowVpcRequest().withVpcId('00000000-0000-4000-8000-000000000000')));
        equal(missing?.httpStatusCode, 404, `v3 404 (${describe(missing)})`);
        equal(missing.errorCode, 'VPC.9904', 'v3 errorCode');
        return `${shown.vpc.name} ${shown.vpc.status}; v3 404 is ${missing.errorCode}`;
    });

    await step('UpdateSubnet (DHCP on, a DNS list); NeutronShowSubnet shows the same subnet', async () => {
        const updated = await client.updateSubnet(new v2.UpdateSubnetRequest().withVpcId(VPC_ID).withSubnetId(SUBNET_ID)
            .withBody(new v2.UpdateSubnetRequestBody().withSubnet(new v2.UpdateSubnetOption().withName('sdk-subnet').withDhcpEnable(true)
                .withDnsList(['100.125.1.250', '8.8.8.8']))));
        equal(updated.subnet.status, 'ACTIVE', 'subnet.status');
        const neutron = await client.neutronShowSubnet(new v2.NeutronShowSubnetRequest().withSubnetId(NEUTRON_SUBNET_ID));
        equal(neutron.subnet.enable_dhcp, true, 'neutron subnet.enable_dhcp');
        equal(JSON.stringify(neutron.subnet.dns_nameservers), JSON.stringify(['100.125.1.250', '8.8.8.8']), 'neutron subnet.dns_nameservers');
        return `enable_dhcp ${neutron.subnet.enable_dhcp}, dns ${neutron.subnet.dns_nameservers.join(' ')}`;
    });

    await step('Tags: CreateVpcResourceTag, BatchCreateVpcTags, ShowVpcTags, ListVpcTags, ListVpcsByTags; a subnet tag is a Neutron tag', async () => {
        await client.createVpcResourceTag(new v2.CreateVpcResourceTagRequest().withVpcId(VPC_ID).withBody(new v2.CreateVpcResourceTagRequestBody()
            .withTag(new v2.ResourceTag().withKey('env').withValue('test'))));
        await client.batchCreateVpcTags(new v2.BatchCreateVpcTagsRequest().withVpcId(VPC_ID).withBody(new v2.BatchCreateVpcTagsRequestBody()
            .withAction('create').withTags([new v2.ResourceTag().withKey('owner').withValue('sdk')])));
        const tags = await client.showVpcTags(new v2.ShowVpcTagsRequest().withVpcId(VPC_ID));
        equal(tags.tags?.map((t) => `${t.key}=${t.value}`).join(','), 'env=test,owner=sdk', 'vpc tags');
        const project = await client.listVpcTags(new v2.ListVpcTagsRequest());
        check(project.tags?.some((t) => t.key === 'owner' && t.values?.includes('sdk')), `project tags: ${JSON.stringify(project.tags)}`);
        const found = await client.listVpcsByTags(new v2.ListVpcsByTagsRequest().withBody(new v2.ListVpcsByTagsRequestBody().withAction('filter')
            .withTags([new v2.ListTag().withKey('owner').withValues(['sdk'])])));
        check(found.resources?.some((r) => r.resource_id === VPC_ID), `by tag: ${JSON.stringify(found)}`);
        const v3Tags = (await clientV3.showVpc(new v3.ShowVpcRequest().withVpcId(VPC_ID))).vpc.tags;
        equal(v3Tags?.length, 2, 'v3 vpc.tags');
        await client.createSubnetTag(new v2.CreateSubnetTagRequest().withSubnetId(SUBNET_ID).withBody(new v2.CreateSubnetTagRequestBody()
            .withTag(new v2.ResourceTag().withKey('tier').withValue('web'))));
        const network = await client.neutronShowNetwork(new v2.NeutronShowNetworkRequest().withNetworkId(SUBNET_ID));
        check(network.network?.tags?.includes('tier=web'), `neutron network.tags: ${JSON.stringify(network.network?.tags)}`);
        return `vpc ${tags.tags.length} tags; Neutron shows ${network.network.tags.join(',')}`;
    });

    await step('ShowQuota (vpc) and ShowNetworkIpAvailabilities of the subnet', async () => {
        const quota = await client.showQuota(new v2.ShowQuotaRequest().withType('vpc'));
        const vpcs = quota.quotas?.resources?.find((r) => r.type === 'vpc');
        check(vpcs && vpcs.used >= 1 && vpcs.quota >= vpcs.used, `vpc quota: ${JSON.stringify(quota)}`);
        const availability = await client.showNetworkIpAvailabilities(new v2.ShowNetworkIpAvailabilitiesRequest().withNetworkId(SUBNET_ID));
        const network = availability.network_ip_availability;
        equal(network?.network_id, SUBNET_ID, 'network_ip_availability.network_id');
        equal(network.used_ips, 2, 'used_ips (the port and the private IP)');
        equal(network.total_ips, 253, 'total_ips of a /24 (less network, broadcast and gateway)');
        return `vpc ${vpcs.used}/${vpcs.quota}; ${network.used_ips} of ${network.total_ips} addresses used`;
    });

    await step('neutron* calls signed with AK/SK: NeutronListNetworks, NeutronListPorts, NeutronShowPort', async () => {
        const networks = await client.neutronListNetworks(new v2.NeutronListNetworksRequest().withId(SUBNET_ID));
        equal(networks.networks?.length, 1, 'networks listed by id');
        equal(networks.networks[0].name, 'sdk-subnet', 'network.name');
        const ports = await client.neutronListPorts(new v2.NeutronListPortsRequest().withNetworkId(SUBNET_ID));
        check(ports.ports?.some((p) => p.id === PORT_ID), `${PORT_ID} not among Neutron's ports: ${JSON.stringify(ports)}`);
        const port = await client.neutronShowPort(new v2.NeutronShowPortRequest().withPortId(PORT_ID));
        equal(port.port.allowed_address_pairs?.[0]?.ip_address, PRIVATE_IP.ip_address, 'neutron port.allowed_address_pairs');
        return `${networks.networks[0].id}; ${ports.ports.length} port(s)`;
    });

    await step('EIP (signed HTTP): apply, bind to the port, show ACTIVE, unbind, release', async () => {
        const applied = await eip('POST', '', { publicip: { type: '5_bgp', ip_version: 4 }, bandwidth: { name: 'sdk-bw', size: 5, share_type: 'PER' } });
        equal(applied.status, 200, `apply status ${JSON.stringify(applied.json)}`);
        EIP_ID = applied.json.publicip.id;
        cleanups.unshift(() => eip('DELETE', `/${EIP_ID}`));
        equal(applied.json.publicip.status, 'DOWN', 'publicip.status');
        const bound = await eip('PUT', `/${EIP_ID}`, { publicip: { port_id: PORT_ID } });
        equal(bound.status, 200, `bind status ${JSON.stringify(bound.json)}`);
        const shown = await eip('GET', `/${EIP_ID}`);
        equal(shown.json.publicip?.status, 'ACTIVE', 'bound publicip.status');
        equal(shown.json.publicip.port_id, PORT_ID, 'bound publicip.port_id');
        equal(shown.json.publicip.private_ip_address, VIP, 'bound publicip.private_ip_address');
        const busy = await eip('DELETE', `/${EIP_ID}`);
        equal(busy.status, 409, 'release while bound');
        equal(busy.json.error_code, 'VPC.0517', 'release while bound error_code');
        const unbound = await eip('PUT', `/${EIP_ID}`, { publicip: { port_id: null } });
        equal(unbound.json.publicip?.status, 'DOWN', 'unbound publicip.status');
        equal((await eip('DELETE', `/${EIP_ID}`)).status, 204, 'release status');
        cleanups.shift();
        equal((await eip('GET', `/${EIP_ID}`)).status, 404, 'released EIP status');
        return `${applied.json.publicip.public_ip_address} bound to ${PORT_ID} and released`;
    });

    await step('Security groups (v1): CreateSecurityGroup, CreateSecurityGroupRule, ListSecurityGroupRules; the port takes the group, which cannot go while it has it', async () => {
        const made = await client.createSecurityGroup(new v2.CreateSecurityGroupRequest().withBody(new v2.CreateSecurityGroupRequestBody()
            .withSecurityGroup(new v2.CreateSecurityGroupOption('sdk-sg-v1').withVpcId(VPC_ID))));
        const group = made.security_group;
        equal(group?.vpc_id, VPC_ID, `security_group.vpc_id (${JSON.stringify(made)})`);
        equal(group.security_group_rules?.length, 4, "Huawei's first rules");
        const rule = await client.createSecurityGroupRule(new v2.CreateSecurityGroupRuleRequest().withBody(new v2.CreateSecurityGroupRuleRequestBody()
            .withSecurityGroupRule(new v2.CreateSecurityGroupRuleOption(group.id, 'ingress').withProtocol('tcp').withPortRangeMin(22)
                .withPortRangeMax(22).withRemoteIpPrefix('10.0.0.0/8'))));
        equal(rule.security_group_rule?.port_range_min, 22, 'security_group_rule.port_range_min');
        const again = await rejection(() => client.createSecurityGroupRule(new v2.CreateSecurityGroupRuleRequest().withBody(
            new v2.CreateSecurityGroupRuleRequestBody().withSecurityGroupRule(new v2.CreateSecurityGroupRuleOption(group.id, 'ingress').withProtocol('tcp')
                .withPortRangeMin(22).withPortRangeMax(22).withRemoteIpPrefix('10.0.0.0/8')))));
        equal(again?.httpStatusCode, 409, `the same rule again (${describe(again)})`);
        equal(again.errorCode, 'VPC.0602', 'the same rule again errorCode');
        const rules = await client.listSecurityGroupRules(new v2.ListSecurityGroupRulesRequest().withSecurityGroupId(group.id));
        equal(rules.security_group_rules?.length, 5, 'rules listed by group');
        const shown = await client.showSecurityGroup(new v2.ShowSecurityGroupRequest().withSecurityGroupId(group.id));
        equal(shown.security_group?.name, 'sdk-sg-v1', 'shown security_group.name');
        const neutron = await client.neutronShowSecurityGroup(new v2.NeutronShowSecurityGroupRequest().withSecurityGroupId(group.id));
        equal(neutron.security_group?.security_group_rules?.length, 5, 'the same group through Neutron');

        await client.updatePort(new v2.UpdatePortRequest().withPortId(PORT_ID).withBody(new v2.UpdatePortRequestBody()
            .withPort(new v2.UpdatePortOption().withSecurityGroups([group.id]))));
        const busy = await rejection(() => client.deleteSecurityGroup(new v2.DeleteSecurityGroupRequest().withSecurityGroupId(group.id)));
        equal(busy?.httpStatusCode, 409, `delete while the port has it (${describe(busy)})`);
        equal(busy.errorCode, 'VPC.0602', 'delete while in use errorCode');
        await client.updatePort(new v2.UpdatePortRequest().withPortId(PORT_ID).withBody(new v2.UpdatePortRequestBody()
            .withPort(new v2.UpdatePortOption().withSecurityGroups([]))));
        equal((await client.deleteSecurityGroupRule(new v2.DeleteSecurityGroupRuleRequest().withSecurityGroupRuleId(rule.security_group_rule.id)))
            .httpStatusCode, 204, 'DeleteSecurityGroupRule');
        equal((await client.deleteSecurityGroup(new v2.DeleteSecurityGroupRequest().withSecurityGroupId(group.id))).httpStatusCode, 204,
            'DeleteSecurityGroup');
        const gone = await rejection(() => client.showSecurityGroup(new v2.ShowSecurityGroupRequest().withSecurityGroupId(group.id)));
        equal(gone?.errorCode, 'VPC.0603', `deleted group (${describe(gone)})`);
        return `${group.id}: ${rules.security_group_rules.length} rules; in use is ${busy.errorCode}; gone is ${gone.errorCode}`;
    });

    await step('Security groups (v3) and their tags: CreateSecurityGroup with tags, CreateSecurityGroupRule (multiport, priority), UpdateSecurityGroup, CreateSecurityGroupTag', async () => {
        const made = await clientV3.createSecurityGroup(new v3.CreateSecurityGroupRequest().withBody(new v3.CreateSecurityGroupRequestBody()
            .withSecurityGroup(new v3.CreateSecurityGroupOption('sdk-sg-v3').withDescription('made by the SDK')
                .withTags([new v3.ResourceTag().withKey('env').withValue('test')]))));
        equal(made.httpStatusCode, 201, 'v3 create httpStatusCode');
        const id = made.security_group?.id;
        cleanups.unshift(() => clientV3.deleteSecurityGroup(new v3.DeleteSecurityGroupRequest().withSecurityGroupId(id)));
        equal(made.security_group.tags?.[0]?.key, 'env', 'v3 security_group.tags');
        const rule = await clientV3.createSecurityGroupRule(new v3.CreateSecurityGroupRuleRequest().withBody(new v3.CreateSecurityGroupRuleRequestBody()
            .withSecurityGroupRule(new v3.CreateSecurityGroupRuleOption(id, 'ingress').withProtocol('tcp').withMultiport('8000-8080')
                .withPriority('10').withEthertype('IPv4').withRemoteIpPrefix('192.168.0.0/16'))));
        equal(rule.security_group_rule?.multiport, '8000-8080', 'v3 rule multiport');
        equal(rule.security_group_rule.priority, 10, 'v3 rule priority');
        const v1Rule = await client.showSecurityGroupRule(new v2.ShowSecurityGroupRuleRequest().withSecurityGroupRuleId(rule.security_group_rule.id));
        equal(v1Rule.security_group_rule?.port_range_max, 8080, 'the same rule through v1');
        const listed = await clientV3.listSecurityGroupRules(new v3.ListSecurityGroupRulesRequest().withSecurityGroupId([id]).withProtocol(['tcp']));
        equal(listed.security_group_rules?.length, 1, 'v3 rules listed by group and protocol');
        const renamed = await clientV3.updateSecurityGroup(new v3.UpdateSecurityGroupRequest().withSecurityGroupId(id)
            .withBody(new v3.UpdateSecurityGroupRequestBody().withSecurityGroup(new v3.UpdateSecurityGroupOption().withName('sdk-sg-renamed'))));
        equal(renamed.security_group?.name, 'sdk-sg-renamed', 'v3 updated name');
        const groups = await clientV3.listSecurityGroups(new v3.ListSecurityGroupsRequest().withName(['sdk-sg-renamed']));
        equal(groups.security_groups?.length, 1, 'v3 groups listed by name');
        await client.createSecurityGroupTag(new v2.CreateSecurityGroupTagRequest().withSecurityGroupId(id).withBody(
            new v2.CreateSecurityGroupTagRequestBody().withTag(new v2.ResourceTag().withKey('owner').withValue('sdk'))));
        const tags = await client.showSecurityGroupTags(new v2.ShowSecurityGroupTagsRequest().withSecurityGroupId(id));
        equal(tags.tags?.map((t) => `${t.key}=${t.value}`).sort().join(','), 'env=test,owner=sdk', 'security group tags');
        const shown = await clientV3.showSecurityGroup(new v3.ShowSecurityGroupRequest().withSecurityGroupId(id));
        equal(shown.security_group?.security_group_rules?.length, 5, 'v3 shown rules');
        equal((await clientV3.deleteSecurityGroupRule(new v3.DeleteSecurityGroupRuleRequest().withSecurityGroupRuleId(rule.security_group_rule.id)))
            .httpStatusCode, 204, 'v3 DeleteSecurityGroupRule');
        equal((await clientV3.deleteSecurityGroup(new v3.DeleteSecurityGroupRequest().withSecurityGroupId(id))).httpStatusCode, 204,
            'v3 DeleteSecurityGroup');
        cleanups.shift();
        const gone = await rejection(() => clientV3.showSecurityGroup(new v3.ShowSecurityGroupRequest().withSecurityGroupId(id)));
        equal(gone?.errorCode, 'VPC.9904', `v3 deleted group (${describe(gone)})`);
        return `${id}: ${tags.tags.length} tags, rule ${rule.security_group_rule.multiport} priority ${rule.security_group_rule.priority}`;
    });

    await step('Tear down: the pair goes, then the private IP, the port, the subnet and (v3) the VPC', async () => {
        for (const cleanup of cleanups.splice(0)) {
            const status = (await cleanup()).httpStatusCode;
            check(status >= 200 && status < 300, `a tear-down call answered ${status}`);
        }
        const gone = await rejection(() => clientV3.showVpc(new v3.ShowVpcRequest().withVpcId(VPC_ID)));
        equal(gone?.httpStatusCode, 404, `deleted VPC (${describe(gone)})`);
        return `${VPC_ID} deleted through v3`;
    });
}

try {
    await run();
    console.log('PASS the Huawei SDK worked against the service');
} catch {
    markFailed();
} finally {
    for (const cleanup of cleanups) await Promise.resolve().then(cleanup).catch((error) => console.log(`  cleanup: ${describe(error)}`));
}
process.exit(anyFailed() ? 1 : 0);
