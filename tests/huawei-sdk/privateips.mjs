// The official Huawei Cloud SDK for Node (VpcClient v2 + BasicCredentials, AK/SK signing), unmodified, against
// CloudNet's Huawei v1 VPC, subnet and private IP APIs (seed 002; /work/shared/reference/clients.md §5).
//
//   BASE=http://127.0.0.1:8774 [SDK_WIRE=1] node privateips.mjs
//
// BASE is the service's root (no trailing slash). The SDK makes everything it uses in the demo project: a VPC
// (10.88.0.0/16), a subnet of it (10.88.1.0/24, gateway 10.88.1.1), private IPs on that subnet (one of them
// 10.88.1.200 by name), and deletes them again (subnet before VPC). SDK_WIRE=1 prints every request the SDK sent.
// One line per step; the exit code is 0 only when every step passed. A failed step still releases what was made.
import { isIPv4 } from 'node:net';
import {
    VpcClient,
    CreateVpcRequest,
    CreateVpcRequestBody,
    CreateVpcOption,
    ShowVpcRequest,
    ListVpcsRequest,
    DeleteVpcRequest,
    CreateSubnetRequest,
    CreateSubnetRequestBody,
    CreateSubnetOption,
    ShowSubnetRequest,
    ListSubnetsRequest,
    DeleteSubnetRequest,
    CreatePrivateipRequest,
    CreatePrivateipRequestBody,
    CreatePrivateipOption,
    ListPrivateipsRequest,
    ShowPrivateipRequest,
    DeletePrivateipRequest,
} from '@huaweicloud/huaweicloud-sdk-vpc';
import { BASE, PROJECT_ID, credentials, deadline, check, equal, describe, step, rejection, anyFailed, markFailed } from './steps.mjs';

const VPC_NAME = 'huawei-sdk-vpc';
const VPC_CIDR = '10.88.0.0/16';
const SUBNET_NAME = 'huawei-sdk-subnet';
const SUBNET_CIDR = '10.88.1.0/24';
const GATEWAY_IP = '10.88.1.1';
const REQUESTED_IP = '10.88.1.200';

let VPC_ID = ''; // set by the CreateVpc step
let SUBNET_ID = ''; // set by the CreateSubnet step: the network id the private IPs are assigned from

deadline(90);

const client = VpcClient.newBuilder().withCredential(credentials).withEndpoint(BASE).build();

/** The fields seed 002 documents, as the service must fill them for an unbound address. */
function checkPrivateIp(ip, what, address) {
    check(ip && typeof ip === 'object', `${what}: not an object: ${JSON.stringify(ip)}`);
    check(typeof ip.id === 'string' && ip.id.length > 0, `${what}: no id: ${JSON.stringify(ip)}`);
    equal(ip.status, 'DOWN', `${what}.status`);
    equal(ip.subnet_id, SUBNET_ID, `${what}.subnet_id`);
    equal(ip.tenant_id, PROJECT_ID, `${what}.tenant_id`);
    equal(ip.device_owner, '', `${what}.device_owner`);
    check(isIPv4(ip.ip_address ?? ''), `${what}.ip_address is not an IPv4 address: ${JSON.stringify(ip.ip_address)}`);
    if (address !== undefined) equal(ip.ip_address, address, `${what}.ip_address`);
}

/** The VPC this run made, in Huawei's v1 shape. */
function checkVpc(vpc, what) {
    check(vpc && typeof vpc === 'object', `${what}: not an object: ${JSON.stringify(vpc)}`);
    check(typeof vpc.id === 'string' && vpc.id.length > 0, `${what}: no id: ${JSON.stringify(vpc)}`);
    if (VPC_ID) equal(vpc.id, VPC_ID, `${what}.id`);
    equal(vpc.name, VPC_NAME, `${what}.name`);
    equal(vpc.cidr, VPC_CIDR, `${what}.cidr`);
    equal(vpc.status, 'OK', `${what}.status`);
    equal(vpc.tenant_id, PROJECT_ID, `${what}.tenant_id`);
}

/** The subnet this run made, in Huawei's v1 shape. */
function checkSubnet(subnet, what) {
    check(subnet && typeof subnet === 'object', `${what}: not an object: ${JSON.stringify(subnet)}`);
    check(typeof subnet.id === 'string' && subnet.id.length > 0, `${what}: no id: ${JSON.stringify(subnet)}`);
    if (SUBNET_ID) equal(subnet.id, SUBNET_ID, `${what}.id`);
    equal(subnet.name, SUBNET_NAME, `${what}.name`);
    equal(subnet.cidr, SUBNET_CIDR, `${what}.cidr`);
    equal(subnet.gateway_ip, GATEWAY_IP, `${what}.gateway_ip`);
    equal(subnet.vpc_id, VPC_ID, `${what}.vpc_id`);
    equal(subnet.status, 'ACTIVE', `${what}.status`);
}

const showVpc = () => client.showVpc(new ShowVpcRequest().withVpcId(VPC_ID));
const showSubnet = () => client.showSubnet(new ShowSubnetRequest().withSubnetId(SUBNET_ID));
const deleteSubnet = () => client.deleteSubnet(new DeleteSubnetRequest().withVpcId(VPC_ID).withSubnetId(SUBNET_ID));
const deleteVpc = () => client.deleteVpc(new DeleteVpcRequest().withVpcId(VPC_ID));

const option = (address) => {
    const o = new CreatePrivateipOption().withSubnetId(SUBNET_ID);
    return address === undefined ? o : o.withIpAddress(address);
};
const assign = (...addresses) =>
    client.createPrivateip(new CreatePrivateipRequest().withBody(new CreatePrivateipRequestBody().withPrivateips(addresses.map(option))));
const remove = (id) => client.deletePrivateip(new DeletePrivateipRequest().withPrivateipId(id));
const list = (limit, marker) => {
    const request = new ListPrivateipsRequest().withSubnetId(SUBNET_ID);
    if (limit !== undefined) request.withLimit(limit);
    if (marker !== undefined) request.withMarker(marker);
    return client.listPrivateips(request);
};

const held = new Set(); // ids assigned and not yet deleted, released on the way out if a step fails
let subnetMade = false; // the subnet exists and is not deleted yet: deleted on the way out if a step fails
let vpcMade = false; // likewise the VPC, after the subnet

async function run() {
    await step(`CreateVpc ${VPC_NAME} ${VPC_CIDR}`, async () => {
        const response = await client.createVpc(new CreateVpcRequest().withBody(new CreateVpcRequestBody()
            .withVpc(new CreateVpcOption().withName(VPC_NAME).withCidr(VPC_CIDR).withDescription('made by the Huawei SDK'))));
        equal(response.httpStatusCode, 200, 'httpStatusCode');
        check(typeof response.vpc?.id === 'string' && response.vpc.id.length > 0, `no vpc.id: ${JSON.stringify(response)}`);
        VPC_ID = response.vpc.id;
        vpcMade = true;
        checkVpc(response.vpc, 'vpc');
        equal(response.vpc.description, 'made by the Huawei SDK', 'vpc.description');
        return VPC_ID;
    });

    await step(`CreateSubnet ${SUBNET_NAME} ${SUBNET_CIDR} gateway ${GATEWAY_IP} in the VPC`, async () => {
        const response = await client.createSubnet(new CreateSubnetRequest().withBody(new CreateSubnetRequestBody()
            .withSubnet(new CreateSubnetOption().withName(SUBNET_NAME).withCidr(SUBNET_CIDR).withGatewayIp(GATEWAY_IP).withVpcId(VPC_ID))));
        equal(response.httpStatusCode, 200, 'httpStatusCode');
        check(typeof response.subnet?.id === 'string' && response.subnet.id.length > 0, `no subnet.id: ${JSON.stringify(response)}`);
        SUBNET_ID = response.subnet.id;
        subnetMade = true;
        checkSubnet(response.subnet, 'subnet');
        return SUBNET_ID;
    });

    await step('ShowVpc, and ListVpcs lists it', async () => {
        const shown = await showVpc();
        equal(shown.httpStatusCode, 200, 'httpStatusCode');
        checkVpc(shown.vpc, 'vpc');
        const listed = await client.listVpcs(new ListVpcsRequest());
        equal(listed.httpStatusCode, 200, 'httpStatusCode');
        check(Array.isArray(listed.vpcs), `no vpcs array: ${JSON.stringify(listed)}`);
        const mine = listed.vpcs.find((vpc) => vpc?.id === VPC_ID);
        check(mine, `${VPC_ID} is not listed: ${JSON.stringify(listed.vpcs)}`);
        checkVpc(mine, `listed ${VPC_ID}`);
        return `${shown.vpc.name} ${shown.vpc.cidr} ${shown.vpc.status}; ${listed.vpcs.length} listed`;
    });

    await step('ShowSubnet, and ListSubnets of the VPC lists it alone', async () => {
        const shown = await showSubnet();
        equal(shown.httpStatusCode, 200, 'httpStatusCode');
        checkSubnet(shown.subnet, 'subnet');
        const listed = await client.listSubnets(new ListSubnetsRequest().withVpcId(VPC_ID));
        equal(listed.httpStatusCode, 200, 'httpStatusCode');
        check(Array.isArray(listed.subnets), `no subnets array: ${JSON.stringify(listed)}`);
        equal(listed.subnets.length, 1, 'subnets.length of the new VPC');
        checkSubnet(listed.subnets[0], 'subnets[0]');
        return `${shown.subnet.cidr} gateway ${shown.subnet.gateway_ip} ${shown.subnet.status}`;
    });

    const requested = REQUESTED_IP;
    let auto, named;
    await step(`CreatePrivateip batch [auto, ${requested}]`, async () => {
        const response = await assign(undefined, requested);
        equal(response.httpStatusCode, 200, 'httpStatusCode');
        check(Array.isArray(response.privateips), `no privateips array: ${JSON.stringify(response)}`);
        for (const ip of response.privateips) if (ip?.id) held.add(ip.id);
        equal(response.privateips.length, 2, 'privateips.length');
        [auto, named] = response.privateips;
        checkPrivateIp(auto, 'privateips[0] (auto)');
        checkPrivateIp(named, 'privateips[1] (requested)', requested);
        check(auto.id !== named.id, 'both private IPs have the same id');
        check(auto.ip_address !== requested, `the automatic address is the requested one: ${requested}`);
        check(auto.ip_address.startsWith('10.88.1.') && auto.ip_address !== GATEWAY_IP,
            `the automatic address ${auto.ip_address} is not a free address of ${SUBNET_CIDR}`);
        return `${auto.id} ${auto.ip_address}, ${named.id} ${named.ip_address}`;
    });

    let all;
    await step('ListPrivateips by subnet', async () => {
        const response = await list();
        equal(response.httpStatusCode, 200, 'httpStatusCode');
        check(Array.isArray(response.privateips), `no privateips array: ${JSON.stringify(response)}`);
        all = response.privateips;
        for (const mine of [auto, named]) {
            const listed = all.find((ip) => ip?.id === mine.id);
            check(listed, `${mine.id} is not listed: ${JSON.stringify(all)}`);
            checkPrivateIp(listed, `listed ${mine.id}`, mine.ip_address);
        }
        all.forEach((ip, i) => checkPrivateIp(ip, `privateips[${i}]`));
        return `${all.length} listed`;
    });

    await step('ListPrivateips by subnet, limit 1 (then limit 1 after that marker)', async () => {
        const first = await list(1);
        equal(first.httpStatusCode, 200, 'httpStatusCode');
        equal(first.privateips?.length, 1, 'privateips.length with limit=1');
        equal(first.privateips[0].id, all[0].id, 'the one item with limit=1 (the first of the full list)');
        const next = await list(1, first.privateips[0].id);
        equal(next.privateips?.length, 1, 'privateips.length with limit=1&marker');
        equal(next.privateips[0].id, all[1].id, 'the item after the marker (the second of the full list)');
        return `${first.privateips[0].id}, then ${next.privateips[0].id}`;
    });

    await step('ShowPrivateip (both)', async () => {
        for (const mine of [auto, named]) {
            const response = await client.showPrivateip(new ShowPrivateipRequest().withPrivateipId(mine.id));
            equal(response.httpStatusCode, 200, 'httpStatusCode');
            checkPrivateIp(response.privateip, `privateip ${mine.id}`, mine.ip_address);
            equal(response.privateip.id, mine.id, 'privateip.id');
        }
        return `${auto.ip_address}, ${named.ip_address}`;
    });

    await step('DeletePrivateip (both)', async () => {
        for (const mine of [auto, named]) {
            const response = await remove(mine.id);
            equal(response.httpStatusCode, 204, 'httpStatusCode');
            held.delete(mine.id);
        }
        return `${auto.id}, ${named.id}`;
    });

    await step('ShowPrivateip of a deleted one is a 404 error', async () => {
        const error = await rejection(() => client.showPrivateip(new ShowPrivateipRequest().withPrivateipId(named.id)));
        equal(error?.httpStatusCode, 404, `httpStatusCode (${describe(error)})`);
        equal(error.errorCode, 'VPC.0704', 'errorCode');
        return `${error.errorCode} ${JSON.stringify(error.errorMsg)}`;
    });

    let holder;
    await step(`error: CreatePrivateip ${requested} while it is in use is VPC.0701`, async () => {
        const first = await assign(requested);
        holder = first.privateips?.[0];
        checkPrivateIp(holder, 'privateips[0]', requested);
        held.add(holder.id);
        const error = await rejection(() => assign(requested));
        equal(error?.errorCode, 'VPC.0701', `errorCode (${describe(error)})`);
        equal(error.httpStatusCode, 409, 'httpStatusCode');
        equal(error.name, 'ClientRequestException', 'error class');
        check(typeof error.errorMsg === 'string' && error.errorMsg.length > 0, 'errorMsg is empty');
        return `${error.httpStatusCode} ${error.errorCode} ${JSON.stringify(error.errorMsg)}`;
    });

    await step('DeletePrivateip (the holder); the subnet lists none of them', async () => {
        equal((await remove(holder.id)).httpStatusCode, 204, 'httpStatusCode');
        held.delete(holder.id);
        const left = (await list()).privateips.filter((ip) => [auto.id, named.id, holder.id].includes(ip.id));
        equal(left.length, 0, 'private IPs of this run still listed');
        return holder.id;
    });

    await step('DeleteSubnet; ShowSubnet is then VPC.0202 and the VPC lists no subnet', async () => {
        equal((await deleteSubnet()).httpStatusCode, 204, 'httpStatusCode');
        subnetMade = false;
        const error = await rejection(showSubnet);
        equal(error?.httpStatusCode, 404, `httpStatusCode (${describe(error)})`);
        equal(error.errorCode, 'VPC.0202', 'errorCode');
        const left = await client.listSubnets(new ListSubnetsRequest().withVpcId(VPC_ID));
        equal(left.subnets?.length, 0, 'subnets.length of the VPC');
        return `${SUBNET_ID}; ${error.errorCode} ${JSON.stringify(error.errorMsg)}`;
    });

    await step('DeleteVpc; ShowVpc is then an SDK error VPC.0003', async () => {
        equal((await deleteVpc()).httpStatusCode, 204, 'httpStatusCode');
        vpcMade = false;
        const error = await rejection(showVpc);
        equal(error?.httpStatusCode, 404, `httpStatusCode (${describe(error)})`);
        equal(error.name, 'ClientRequestException', 'error class');
        equal(error.errorCode, 'VPC.0003', 'errorCode');
        return `${VPC_ID}; ${error.errorCode} ${JSON.stringify(error.errorMsg)}`;
    });
}

try {
    await run();
    console.log('PASS the Huawei SDK worked against the service');
} catch {
    markFailed();
} finally {
    for (const id of held) await remove(id).catch(() => {});
    if (subnetMade) await deleteSubnet().catch((error) => console.log(`  cleanup: DeleteSubnet ${SUBNET_ID}: ${describe(error)}`));
    if (vpcMade) await deleteVpc().catch((error) => console.log(`  cleanup: DeleteVpc ${VPC_ID}: ${describe(error)}`));
}
process.exit(anyFailed() ? 1 : 0);
