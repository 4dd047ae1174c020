// pkgcloud 2.2.0, unmodified, against CloudNet: the rackspace provider (Rackspace identity with an API key,
// os-networksv2, os-virtual-interfacesv2, the Neutron-style network client on the versioned cloudNetworks
// endpoint) and the openstack provider (Keystone v2.0 with a password and tenant, os-floating-ips and the
// addFloatingIp / removeFloatingIp server actions, and its network client, which appends v2.0 to the
// unversioned network endpoint: networks, subnets, ports, security groups and their rules). What pkgcloud sends and
// reads: /work/shared/reference/clients.md §1-§3.
//
//   BASE=http://127.0.0.1:8774 [PKGCLOUD_WIRE=1] node rackspace-and-openstack.js
//
// BASE is the service's root (no trailing slash): both providers use it as authUrl and post to
// {BASE}/v2.0/tokens; every other URL comes from the catalog (endpoints of region RegionOne).
// One line per step ("ok   …" / "FAIL …"); the exit code is 0 only when every step passed. The steps form
// sections; a failed step ends its section, and later sections that do not need what failed still run.
// Whatever the run made (interface, networks, floating IP, server, port, security group) is removed on the way out.
// PKGCLOUD_WIRE=1 prints every request pkgcloud sent and the status it got.
'use strict';

const pkgcloud = require('pkgcloud');
const { isIPv4 } = require('node:net');

const BASE = (process.env.BASE || '').replace(/\/+$/, '');
const WIRE = process.env.PKGCLOUD_WIRE === '1';
if (!/^https?:\/\/[^/]+$/.test(BASE)) {
    console.log('FAIL setup: set BASE (http://host:port, no path)');
    process.exit(2);
}

const TENANT = '7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12';
const REGION = 'RegionOne';
const PUBLIC_NET = '00000000-0000-0000-0000-000000000000';
const SERVICE_NET = '11111111-1111-1111-1111-111111111111';
const NETWORK_LABEL = 'pkgcloud-isolated';
const NETWORK_CIDR = '192.168.77.0/24';
const FLAVOR = 'general1-1';
const SERVER_NAME = 'pkgcloud-server';
const POOL = 'default';
const POOL_PREFIX = '203.0.113.'; // the default pool, 203.0.113.0/24
const CALL_TIMEOUT_MS = 20_000;

// A call whose callback never fires (pkgcloud drops it when the body lacks the object it expects) fails
// its step after CALL_TIMEOUT_MS; this bounds the whole run.
setTimeout(() => {
    console.log('FAIL timeout: the script did not finish within 150 s');
    process.exit(3);
}, 150_000).unref();

// ---------------------------------------------------------------------------------------------- clients

/** What each client last put on the wire and got back, from pkgcloud's own log events. */
const wire = new Map();

function watch(name, client) {
    const state = { name, sent: null, status: null, result: undefined };
    wire.set(client, state);
    client.on('log::*', function (message, details) {
        const event = this.event;
        if (message === 'Sending client authorization request' && details) {
            state.sent = { method: details.method, uri: details.uri, body: maskSecrets(details.json) };
            state.status = null; state.result = undefined;
        } else if (message === 'Sending client request' && details) {
            state.sent = { method: details.method, uri: details.uri, body: details.body };
            state.status = null; state.result = undefined;
        } else if ((message === 'Provider Response' || message === 'Provider Authentication Response') && details) {
            state.status = details.statusCode;
            if (WIRE) console.log(`  wire ${name}: ${details.method} ${details.href} -> ${details.statusCode}`);
        } else if (message === 'Error during provider response' && details) {
            state.status = details.statusCode;
            state.result = details.result;
            if (WIRE) console.log(`  wire ${name}: ${details.method} ${details.href} -> ${details.statusCode}`);
        } else if (event === 'log::error' && WIRE) {
            console.log(`  wire ${name}: ${message} ${JSON.stringify(details)}`);
        }
    });
    return client;
}

function maskSecrets(payload) {
    return JSON.parse(JSON.stringify(payload ?? null, (key, value) =>
        key === 'password' || key === 'apiKey' ? '***' : value));
}

const rackspaceOptions = { provider: 'rackspace', username: 'demo', apiKey: 'demo-api-key', authUrl: BASE, region: REGION };
const openstackOptions = {
    provider: 'openstack', username: 'demo', password: 'demo-password', authUrl: BASE, region: REGION,
    tenantId: TENANT, keystoneAuthVersion: 'v2.0',
};

const rackspace = watch('rackspace compute', pkgcloud.compute.createClient({ ...rackspaceOptions }));
const rackspaceNetwork = watch('rackspace network', pkgcloud.network.createClient({ ...rackspaceOptions }));
const openstack = watch('openstack compute', pkgcloud.compute.createClient({ ...openstackOptions }));
const openstackNetwork = watch('openstack network', pkgcloud.network.createClient({ ...openstackOptions }));

/** A pkgcloud call as a promise: resolves with the callback's arguments after the error. */
function call(client, method, ...args) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new CheckFailed(
            `${method}: pkgcloud never called back within ${CALL_TIMEOUT_MS / 1000} s ` +
            '(it drops the callback when the response lacks the object it reads)')), CALL_TIMEOUT_MS);
        try {
            client[method](...args, (error, ...results) => {
                clearTimeout(timer);
                if (error) reject(error); else resolve(results);
            });
        } catch (error) {
            clearTimeout(timer);
            reject(error);
        }
    });
}

// ---------------------------------------------------------------------------------------------- checks

class CheckFailed extends Error {}

function check(condition, message) {
    if (!condition) throw new CheckFailed(message);
}

function equal(actual, expected, what) {
    check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function inCidr(address, cidr) {
    const [network, bits] = cidr.split('/');
    const toInt = (a) => a.split('.').reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0;
    const mask = bits === '0' ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return isIPv4(address) && ((toInt(address) & mask) >>> 0) === ((toInt(network) & mask) >>> 0);
}

/** pkgcloud's error for a call that must fail, or a failed check when it succeeded. */
async function rejection(client, method, ...args) {
    let results;
    try {
        results = await call(client, method, ...args);
    } catch (error) {
        if (error instanceof CheckFailed) throw error;
        return error;
    }
    throw new CheckFailed(`${method}: expected an error, got success ${JSON.stringify(results[0] ?? null)}`);
}

function describe(error) {
    if (error instanceof CheckFailed) return error.message;
    if (error && typeof error === 'object' && 'statusCode' in error) {
        return `${error.message} (${error.method} ${error.href}) result=${JSON.stringify(error.result)}`;
    }
    return error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error) ?? String(error);
}

/** Where an unexpected exception (not a check, not an HTTP error) came from. */
function printStack(error) {
    if (!(error instanceof Error) || error instanceof CheckFailed || 'statusCode' in error || !error.stack) return;
    for (const line of error.stack.split('\n').slice(1, 6)) console.log(`  stack: ${line.trim()}`);
}

function printLastRequest(client) {
    const state = wire.get(client);
    if (!state || !state.sent) return;
    console.log(`  sent (${state.name}): ${state.sent.method} ${state.sent.uri}`);
    if (state.sent.body !== undefined) console.log(`  sent body: ${JSON.stringify(state.sent.body)}`);
    console.log(`  got status: ${state.status ?? '(none)'}${state.result !== undefined ? ' body ' + JSON.stringify(state.result) : ''}`);
}

// ---------------------------------------------------------------------------------------------- steps

let failed = false;

/** One step of a section: prints one line; a failure ends the section (SectionFailed). */
class SectionFailed extends Error {}

async function step(name, client, action) {
    try {
        const detail = await action();
        console.log(`ok   ${name}${detail ? ': ' + detail : ''}`);
    } catch (error) {
        failed = true;
        console.log(`FAIL ${name}: ${describe(error)}`);
        printStack(error);
        printLastRequest(client);
        throw new SectionFailed(name);
    }
}

async function section(title, needs, body) {
    const missing = Object.entries(needs).filter(([, present]) => !present).map(([what]) => what);
    if (missing.length) {
        failed = true;
        console.log(`FAIL ${title}: not run, an earlier step did not make ${missing.join(', ')}`);
        return;
    }
    console.log(`$ ${title}`);
    try {
        await body();
    } catch (error) {
        if (!(error instanceof SectionFailed)) {
            failed = true;
            console.log(`FAIL ${title}: ${describe(error)}`);
            printStack(error);
        }
    }
}

// What this run made and has not removed yet: removed on the way out if a step fails.
const made = { network: null, server: null, vif: null, floatingIp: null, neutronNetwork: null, securedPort: null, securityGroup: null, securedNetwork: null };

const isVif = (v) => v && typeof v === 'object' && typeof v.id === 'string' && v.id.length > 0;

function checkVif(vif, what) {
    check(isVif(vif), `${what}: no id: ${JSON.stringify(vif)}`);
    check(typeof vif.mac_address === 'string' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(vif.mac_address),
        `${what}.mac_address is not a MAC address: ${JSON.stringify(vif.mac_address)}`);
    check(Array.isArray(vif.ip_addresses) && vif.ip_addresses.length >= 1, `${what}.ip_addresses is empty: ${JSON.stringify(vif)}`);
    const onNetwork = vif.ip_addresses.filter((ip) => ip && ip.network_id === made.network.id);
    check(onNetwork.length >= 1, `${what}.ip_addresses has none on ${made.network.id}: ${JSON.stringify(vif.ip_addresses)}`);
    for (const ip of onNetwork) {
        equal(ip.network_label, NETWORK_LABEL, `${what}.ip_addresses[].network_label`);
        check(inCidr(ip.address, NETWORK_CIDR), `${what}: ${JSON.stringify(ip.address)} is not in ${NETWORK_CIDR}`);
    }
    return onNetwork[0].address;
}

/** Every address the server shows, from the raw nova body pkgcloud kept (server.original.addresses). */
function serverAddresses(server) {
    const raw = (server && server.original && server.original.addresses) || {};
    return Object.values(raw).flat().map((a) => a && a.addr).filter(Boolean);
}

function checkFloatingIp(fip, what) {
    check(fip && typeof fip === 'object', `${what}: not an object: ${JSON.stringify(fip)}`);
    check(typeof fip.id === 'string' && fip.id.length > 0, `${what}: no id: ${JSON.stringify(fip)}`);
    check(typeof fip.ip === 'string' && fip.ip.startsWith(POOL_PREFIX) && isIPv4(fip.ip),
        `${what}.ip is not an address of pool ${POOL} (${POOL_PREFIX}0/24): ${JSON.stringify(fip.ip)}`);
    equal(fip.pool, POOL, `${what}.pool`);
}

async function run() {
    let imageId;

    await section('rackspace provider: Rackspace identity, os-networksv2, servers', {}, async () => {
        await step('rackspace: authenticate (POST {BASE}/v2.0/tokens, RAX-KSKEY:apiKeyCredentials); compute endpoint of RegionOne', rackspace, async () => {
            await call(rackspace, 'auth');
            const identity = rackspace._identity;
            check(identity.token && typeof identity.token.id === 'string' && identity.token.id.length > 0, 'no token id');
            check(identity.token.expires instanceof Date && !isNaN(identity.token.expires), `token.expires is not a date: ${identity.token.expires}`);
            equal(identity.token.tenant && identity.token.tenant.id, TENANT, 'access.token.tenant.id');
            equal(rackspace._serviceUrl, `${BASE}/v2/${TENANT}`, 'compute endpoint pkgcloud chose');
            return `token …${identity.token.id.slice(-6)}, expires ${identity.token.expires.toISOString()}, compute ${rackspace._serviceUrl}`;
        });

        await step('rackspace: getNetworks lists PublicNet (public) and ServiceNet (private)', rackspace, async () => {
            const [networks] = await call(rackspace, 'getNetworks');
            check(Array.isArray(networks), `networks is not an array: ${JSON.stringify(networks)}`);
            const pub = networks.find((n) => n && n.id === PUBLIC_NET);
            const priv = networks.find((n) => n && n.id === SERVICE_NET);
            check(pub, `PublicNet ${PUBLIC_NET} is not listed: ${JSON.stringify(networks)}`);
            check(priv, `ServiceNet ${SERVICE_NET} is not listed: ${JSON.stringify(networks)}`);
            equal(pub.label, 'public', 'PublicNet label');
            equal(priv.label, 'private', 'ServiceNet label');
            return `${networks.length} networks`;
        });

        await step(`rackspace: createNetwork {label: ${NETWORK_LABEL}, cidr: ${NETWORK_CIDR}}`, rackspace, async () => {
            const [network] = await call(rackspace, 'createNetwork', { label: NETWORK_LABEL, cidr: NETWORK_CIDR });
            check(network && typeof network.id === 'string' && network.id.length > 0, `no network.id: ${JSON.stringify(network)}`);
            made.network = network;
            equal(network.label, NETWORK_LABEL, 'network.label');
            equal(network.cidr, NETWORK_CIDR, 'network.cidr');
            return network.id;
        });

        await step('rackspace: getNetwork, and getNetworks lists it', rackspace, async () => {
            const [network] = await call(rackspace, 'getNetwork', made.network.id);
            equal(network && network.id, made.network.id, 'network.id');
            equal(network.label, NETWORK_LABEL, 'network.label');
            equal(network.cidr, NETWORK_CIDR, 'network.cidr');
            const [networks] = await call(rackspace, 'getNetworks');
            check(networks.some((n) => n && n.id === made.network.id), `${made.network.id} is not listed: ${JSON.stringify(networks)}`);
            return `${network.label} ${network.cidr}`;
        });

        await step('rackspace network client: getNetworks (GET {network}/networks) shows the isolated network', rackspaceNetwork, async () => {
            const [networks] = await call(rackspaceNetwork, 'getNetworks');
            check(Array.isArray(networks), `networks is not an array: ${JSON.stringify(networks)}`);
            equal(rackspaceNetwork._serviceUrl, `${BASE}/v2.0`, 'network endpoint pkgcloud chose');
            const mine = networks.find((n) => n && n.id === made.network.id);
            check(mine, `${made.network.id} is not in /v2.0/networks: ${JSON.stringify(networks)}`);
            equal(mine.name, NETWORK_LABEL, 'name');
            equal(mine.tenantId, TENANT, 'tenant_id');
            check(Array.isArray(mine.subnets) && mine.subnets.length === 1, `subnets: ${JSON.stringify(mine.subnets)}`);
            return `${networks.length} networks; ${mine.name} status ${mine.status}, subnet ${mine.subnets[0]}`;
        });

        await step('rackspace: getFlavors and getImages', rackspace, async () => {
            const [flavors] = await call(rackspace, 'getFlavors');
            check(Array.isArray(flavors) && flavors.some((f) => f.id === FLAVOR), `${FLAVOR} is not listed: ${JSON.stringify(flavors)}`);
            const [images] = await call(rackspace, 'getImages');
            check(Array.isArray(images) && images.length > 0 && images[0].id, `no image: ${JSON.stringify(images)}`);
            imageId = images[0].id;
            return `flavor ${FLAVOR}; image ${imageId} (${images[0].name})`;
        });

        await step(`rackspace: createServer ${SERVER_NAME} on PublicNet and ServiceNet`, rackspace, async () => {
            const [server] = await call(rackspace, 'createServer', {
                name: SERVER_NAME, flavor: FLAVOR, image: imageId,
                networks: [{ uuid: PUBLIC_NET }, { uuid: SERVICE_NET }],
            });
            check(server && typeof server.id === 'string' && server.id.length > 0, `no server.id: ${JSON.stringify(server)}`);
            made.server = server;
            check(typeof server.adminPass === 'string' && server.adminPass.length > 0, 'no adminPass');
            return server.id;
        });

        await step('rackspace: getServer is RUNNING with a public and a private address', rackspace, async () => {
            const [server] = await call(rackspace, 'getServer', made.server.id);
            equal(server.id, made.server.id, 'server.id');
            equal(server.name, SERVER_NAME, 'server.name');
            equal(server.status, 'RUNNING', 'server.status (nova ACTIVE)');
            const addresses = server.original.addresses || {};
            check(Array.isArray(addresses.public) && addresses.public.some((a) => isIPv4(a.addr)), `no public IPv4: ${JSON.stringify(addresses)}`);
            check(Array.isArray(addresses.private) && addresses.private.some((a) => isIPv4(a.addr)), `no private IPv4: ${JSON.stringify(addresses)}`);
            return serverAddresses(server).join(', ');
        });
    });

    await section('rackspace provider: os-virtual-interfacesv2 (seed 004)', { network: made.network, server: made.server }, async () => {
        // The rackspace extension tests `server instanceof` the rackspace Server class, but createServer
        // returns pkgcloud's openstack Server object: give it the id, as its doc allows ("server or serverId").
        const serverId = made.server.id;
        let address;
        await step('rackspace: createVirtualInterface on the isolated network', rackspace, async () => {
            const [interfaces] = await call(rackspace, 'createVirtualInterface', serverId, made.network.id);
            equal(wire.get(rackspace).status, 200, 'status (seed 004)');
            check(Array.isArray(interfaces), `virtual_interfaces is not an array: ${JSON.stringify(interfaces)}`);
            if (interfaces.length && isVif(interfaces[0])) made.vif = interfaces[0];
            equal(interfaces.length, 1, 'virtual_interfaces.length');
            address = checkVif(interfaces[0], 'virtual_interfaces[0]');
            return `${made.vif.id} ${made.vif.mac_address} ${address}`;
        });

        await step('rackspace: a second createVirtualInterface on the same network is a 400 or 409', rackspace, async () => {
            const error = await rejection(rackspace, 'createVirtualInterface', serverId, made.network.id);
            check(error.statusCode === 400 || error.statusCode === 409, `expected 400 or 409, got ${describe(error)}`);
            return `${error.statusCode} ${JSON.stringify(error.result)}`;
        });

        await step('rackspace: getVirtualInterfaces lists it', rackspace, async () => {
            const [interfaces] = await call(rackspace, 'getVirtualInterfaces', serverId);
            check(Array.isArray(interfaces), `virtual_interfaces is not an array: ${JSON.stringify(interfaces)}`);
            const mine = interfaces.find((v) => v && v.id === made.vif.id);
            check(mine, `${made.vif.id} is not listed: ${JSON.stringify(interfaces)}`);
            equal(checkVif(mine, `listed ${made.vif.id}`), address, 'its address');
            equal(mine.mac_address, made.vif.mac_address, 'its mac_address');
            return `${interfaces.length} interfaces`;
        });

        await step('rackspace: deleteNetwork while the interface is attached is a 4xx', rackspace, async () => {
            const error = await rejection(rackspace, 'deleteNetwork', made.network.id);
            check(error.statusCode >= 400 && error.statusCode < 500, `expected a 4xx, got ${describe(error)}`);
            return `${error.statusCode} ${JSON.stringify(error.result)}`;
        });

        await step('rackspace: deleteVirtualInterface is a 200; getVirtualInterfaces no longer lists it', rackspace, async () => {
            await call(rackspace, 'deleteVirtualInterface', serverId, made.vif.id);
            equal(wire.get(rackspace).status, 200, 'status (SPEC: 200 with an empty body)');
            const vifId = made.vif.id;
            made.vif = null;
            const [interfaces] = await call(rackspace, 'getVirtualInterfaces', serverId);
            check(Array.isArray(interfaces), `virtual_interfaces is not an array: ${JSON.stringify(interfaces)}`);
            check(!interfaces.some((v) => v && v.id === vifId), `${vifId} is still listed: ${JSON.stringify(interfaces)}`);
            return vifId;
        });
    });

    await section('rackspace provider: deleting the isolated network', { network: made.network }, async () => {
        await removeVif(); // left by a failed step above, if any
        await step('rackspace: deleteNetwork; getNetwork is then a 404 and neither list shows it', rackspace, async () => {
            await call(rackspace, 'deleteNetwork', made.network.id);
            const networkId = made.network.id;
            made.network = null;
            const error = await rejection(rackspace, 'getNetwork', networkId);
            equal(error.statusCode, 404, `getNetwork status (${describe(error)})`);
            const [networks] = await call(rackspace, 'getNetworks');
            check(!networks.some((n) => n && n.id === networkId), `${networkId} is still in os-networksv2`);
            const [neutron] = await call(rackspaceNetwork, 'getNetworks');
            check(!neutron.some((n) => n && n.id === networkId), `${networkId} is still in /v2.0/networks`);
            return networkId;
        });
    });

    await section('openstack provider: Keystone v2.0, os-floating-ips, server actions', { server: made.server }, async () => {
        await step('openstack: authenticate (POST {BASE}/v2.0/tokens, passwordCredentials + tenantId); compute endpoint of RegionOne', openstack, async () => {
            await call(openstack, 'auth');
            const identity = openstack._identity;
            check(identity.token && typeof identity.token.id === 'string' && identity.token.id.length > 0, 'no token id');
            equal(identity.token.tenant && identity.token.tenant.id, TENANT, 'access.token.tenant.id');
            equal(openstack._serviceUrl, `${BASE}/v2/${TENANT}`, 'compute endpoint pkgcloud chose');
            return `token …${identity.token.id.slice(-6)}, compute ${openstack._serviceUrl}`;
        });

        await step('openstack: getVersion (GET {BASE}/v2/) is v2.0', openstack, async () => {
            const [id] = await call(openstack, 'getVersion');
            equal(id, 'v2.0', 'version.id');
            return id;
        });

        let fip;
        await step(`openstack: allocateNewFloatingIp from pool ${POOL}`, openstack, async () => {
            [fip] = await call(openstack, 'allocateNewFloatingIp', POOL);
            equal(wire.get(openstack).status, 202, 'status (seed 003)');
            if (fip && fip.id) made.floatingIp = fip;
            checkFloatingIp(fip, 'floating_ip');
            equal(fip.instance_id, null, 'floating_ip.instance_id');
            equal(fip.fixed_ip, null, 'floating_ip.fixed_ip');
            return `${fip.id} ${fip.ip}`;
        });

        await step('openstack: getFloatingIps lists it, unassociated', openstack, async () => {
            const [fips] = await call(openstack, 'getFloatingIps');
            check(Array.isArray(fips), `floating_ips is not an array: ${JSON.stringify(fips)}`);
            const mine = fips.find((f) => f && f.id === fip.id);
            check(mine, `${fip.id} is not listed: ${JSON.stringify(fips)}`);
            checkFloatingIp(mine, `listed ${fip.id}`);
            equal(mine.ip, fip.ip, 'ip');
            equal(mine.instance_id, null, 'instance_id');
            return `${fips.length} floating IPs`;
        });

        await step('openstack: addFloatingIp to the server', openstack, async () => {
            await call(openstack, 'addFloatingIp', made.server, fip);
            return `${fip.ip} -> ${made.server.id}`;
        });

        await step("openstack: getServer shows the floating IP in its addresses; getFloatingIp shows the server", openstack, async () => {
            const [server] = await call(openstack, 'getServer', made.server.id);
            const addresses = serverAddresses(server);
            check(addresses.includes(fip.ip), `${fip.ip} is not in the server's addresses: ${JSON.stringify(server.original.addresses)}`);
            const [shown] = await call(openstack, 'getFloatingIp', fip.id);
            checkFloatingIp(shown, 'floating_ip');
            equal(shown.instance_id, made.server.id, 'floating_ip.instance_id');
            check(isIPv4(shown.fixed_ip || '') && addresses.includes(shown.fixed_ip),
                `floating_ip.fixed_ip ${JSON.stringify(shown.fixed_ip)} is not one of the server's addresses`);
            return `${fip.ip} -> ${shown.fixed_ip}; addresses ${addresses.join(', ')}`;
        });

        await step('openstack: a second addFloatingIp of the same IP is a 400', openstack, async () => {
            const error = await rejection(openstack, 'addFloatingIp', made.server, fip);
            equal(error.statusCode, 400, `status (${describe(error)})`);
            return `${error.statusCode} ${JSON.stringify(error.result)}`;
        });

        await step('openstack: removeFloatingIp; the server no longer shows it', openstack, async () => {
            await call(openstack, 'removeFloatingIp', made.server, fip);
            const [server] = await call(openstack, 'getServer', made.server.id);
            check(!serverAddresses(server).includes(fip.ip), `${fip.ip} is still in the server's addresses: ${JSON.stringify(server.original.addresses)}`);
            const [shown] = await call(openstack, 'getFloatingIp', fip.id);
            equal(shown.instance_id, null, 'floating_ip.instance_id');
            equal(shown.fixed_ip, null, 'floating_ip.fixed_ip');
            return fip.ip;
        });

        await step('openstack: removeFloatingIp of an unassociated IP is a 409', openstack, async () => {
            const error = await rejection(openstack, 'removeFloatingIp', made.server, fip);
            equal(error.statusCode, 409, `status (${describe(error)})`);
            return `${error.statusCode} ${JSON.stringify(error.result)}`;
        });

        await step('openstack: deallocateFloatingIp; getFloatingIp is then a 404', openstack, async () => {
            await call(openstack, 'deallocateFloatingIp', fip.id);
            made.floatingIp = null;
            const error = await rejection(openstack, 'getFloatingIp', fip.id);
            equal(error.statusCode, 404, `status (${describe(error)})`);
            const [fips] = await call(openstack, 'getFloatingIps');
            check(!fips.some((f) => f && f.id === fip.id), `${fip.id} is still listed`);
            return fip.id;
        });

        await step('openstack: destroyServer; getServer is then a 404', openstack, async () => {
            const [result] = await call(openstack, 'destroyServer', made.server);
            equal(result && result.ok, made.server.id, 'destroyServer result.ok');
            const serverId = made.server.id;
            made.server = null;
            const error = await rejection(openstack, 'getServer', serverId);
            equal(error.statusCode, 404, `status (${describe(error)})`);
            return serverId;
        });
    });

    await section("openstack provider: the network client on Neutron's unversioned root", {}, async () => {
        await step('openstack network client: getNetworks (GET {network}/v2.0/networks) lists PublicNet, ServiceNet and the pool', openstackNetwork, async () => {
            const [networks] = await call(openstackNetwork, 'getNetworks');
            equal(openstackNetwork._serviceUrl, `${BASE}/networking`, 'network endpoint pkgcloud chose (Keystone v2.0, a password)');
            check(Array.isArray(networks), `networks is not an array: ${JSON.stringify(networks)}`);
            for (const [id, name] of [[PUBLIC_NET, 'public'], [SERVICE_NET, 'private']]) {
                const listed = networks.find((n) => n && n.id === id);
                check(listed, `${id} is not listed: ${JSON.stringify(networks)}`);
                equal(listed.name, name, `${id} name`);
            }
            check(networks.some((n) => n && n.name === POOL), `the pool's external network ${POOL} is not listed: ${JSON.stringify(networks)}`);
            return `${networks.length} networks under ${openstackNetwork._serviceUrl}/v2.0`;
        });

        await step('openstack network client: createNetwork, getNetwork, destroyNetwork; getNetwork is then a 404', openstackNetwork, async () => {
            const [network] = await call(openstackNetwork, 'createNetwork', { name: 'pkgcloud-neutron', adminStateUp: true });
            check(network && typeof network.id === 'string' && network.id.length > 0, `no network.id: ${JSON.stringify(network)}`);
            made.neutronNetwork = network.id;
            equal(network.name, 'pkgcloud-neutron', 'network.name');
            equal(network.tenantId, TENANT, 'network.tenant_id');
            const [shown] = await call(openstackNetwork, 'getNetwork', network.id);
            equal(shown && shown.id, network.id, 'getNetwork id');
            equal(shown.name, 'pkgcloud-neutron', 'getNetwork name');
            await call(openstackNetwork, 'destroyNetwork', network.id);
            made.neutronNetwork = null;
            const error = await rejection(openstackNetwork, 'getNetwork', network.id);
            equal(error.statusCode, 404, `getNetwork status (${describe(error)})`);
            return network.id;
        });
    });

    await section("openstack provider: the network client's subnets, ports, security groups and rules", {}, async () => {
        let network, subnet, group, rule, port;
        await step('openstack network client: createNetwork and createSubnet (10.95.0.0/24)', openstackNetwork, async () => {
            [network] = await call(openstackNetwork, 'createNetwork', { name: 'pkgcloud-secured', adminStateUp: true });
            made.securedNetwork = network.id;
            [subnet] = await call(openstackNetwork, 'createSubnet', { name: 'pkgcloud-secured', networkId: network.id, cidr: '10.95.0.0/24', ipVersion: 4 });
            equal(subnet.networkId, network.id, 'subnet.networkId');
            equal(subnet.gatewayIp, '10.95.0.1', 'subnet.gatewayIp');
            const [subnets] = await call(openstackNetwork, 'getSubnets');
            check(subnets.some((s) => s.id === subnet.id), `${subnet.id} is not in getSubnets`);
            const [shown] = await call(openstackNetwork, 'getSubnet', subnet.id);
            equal(shown.cidr, '10.95.0.0/24', 'getSubnet cidr');
            return `network ${network.id}, subnet ${subnet.id}`;
        });

        await step("openstack network client: createSecurityGroup has Neutron's egress rules; the project's default group is listed", openstackNetwork, async () => {
            [group] = await call(openstackNetwork, 'createSecurityGroup', { name: 'pkgcloud-web', description: 'web servers' });
            made.securityGroup = group.id;
            equal(group.name, 'pkgcloud-web', 'securityGroup.name');
            equal(group.tenantId, TENANT, 'securityGroup.tenantId');
            const egress = (group.securityGroupRules || []).filter((r) => r.direction === 'egress').map((r) => r.ethertype).sort();
            equal(JSON.stringify(egress), JSON.stringify(['IPv4', 'IPv6']), 'egress rules');
            const [groups] = await call(openstackNetwork, 'getSecurityGroups');
            check(groups.some((g) => g.name === 'default'), `no default group in ${JSON.stringify(groups.map((g) => g.name))}`);
            check(groups.some((g) => g.id === group.id), `${group.id} is not listed`);
            return group.id;
        });

        await step('openstack network client: createSecurityGroupRule (tcp 443 from anywhere), getSecurityGroupRule(s), getSecurityGroup; the same rule again is a 409', openstackNetwork, async () => {
            [rule] = await call(openstackNetwork, 'createSecurityGroupRule', {
                securityGroupId: group.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portRangeMin: 443, portRangeMax: 443,
                remoteIpPrefix: '0.0.0.0/0',
            });
            equal(rule.securityGroupId, group.id, 'rule.securityGroupId');
            equal(rule.protocol, 'tcp', 'rule.protocol');
            equal(rule.portRangeMin, 443, 'rule.portRangeMin');
            equal(rule.remoteIpPrefix, '0.0.0.0/0', 'rule.remoteIpPrefix');
            const [shown] = await call(openstackNetwork, 'getSecurityGroupRule', rule.id);
            equal(shown.id, rule.id, 'getSecurityGroupRule id');
            const [rules] = await call(openstackNetwork, 'getSecurityGroupRules');
            check(rules.some((r) => r.id === rule.id), `${rule.id} is not in getSecurityGroupRules`);
            const [withRule] = await call(openstackNetwork, 'getSecurityGroup', group.id);
            check(withRule.securityGroupRules.some((r) => r.id === rule.id), `${rule.id} is not among the group's rules`);
            const duplicate = await rejection(openstackNetwork, 'createSecurityGroupRule', {
                securityGroupId: group.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portRangeMin: 443, portRangeMax: 443,
            });
            equal(duplicate.statusCode, 409, `the same rule again (${describe(duplicate)})`);
            return rule.id;
        });

        await step('openstack network client: createPort in the group, getPorts, updatePort; destroySecurityGroup while a port uses it is a 409', openstackNetwork, async () => {
            [port] = await call(openstackNetwork, 'createPort', { name: 'pkgcloud-secured', networkId: network.id, securityGroups: [group.id] });
            made.securedPort = port.id;
            equal(JSON.stringify(port.securityGroups), JSON.stringify([group.id]), 'port.securityGroups');
            check(port.fixedIps.length === 1 && inCidr(port.fixedIps[0].ip_address, '10.95.0.0/24'), `port.fixedIps ${JSON.stringify(port.fixedIps)}`);
            const [ports] = await call(openstackNetwork, 'getPorts');
            check(ports.some((p) => p.id === port.id), `${port.id} is not in getPorts`);
            const [renamed] = await call(openstackNetwork, 'updatePort', { id: port.id, name: 'pkgcloud-renamed' });
            equal(renamed.name, 'pkgcloud-renamed', 'updatePort name');
            const inUse = await rejection(openstackNetwork, 'destroySecurityGroup', group.id);
            equal(inUse.statusCode, 409, `destroySecurityGroup while a port uses it (${describe(inUse)})`);
            return port.id;
        });

        await step('openstack network client: destroyPort, destroySecurityGroupRule, destroySecurityGroup, destroySubnet, destroyNetwork', openstackNetwork, async () => {
            await call(openstackNetwork, 'destroyPort', port.id);
            made.securedPort = null;
            await call(openstackNetwork, 'destroySecurityGroupRule', rule.id);
            equal((await rejection(openstackNetwork, 'getSecurityGroupRule', rule.id)).statusCode, 404, 'getSecurityGroupRule after destroy');
            await call(openstackNetwork, 'destroySecurityGroup', group.id);
            made.securityGroup = null;
            equal((await rejection(openstackNetwork, 'getSecurityGroup', group.id)).statusCode, 404, 'getSecurityGroup after destroy');
            await call(openstackNetwork, 'destroySubnet', subnet.id);
            await call(openstackNetwork, 'destroyNetwork', network.id);
            made.securedNetwork = null;
            return 'all gone';
        });
    });
}

async function removeVif() {
    if (!made.vif || !made.server) return;
    try {
        await call(rackspace, 'deleteVirtualInterface', made.server.id, made.vif.id);
        made.vif = null;
    } catch (error) {
        console.log(`  cleanup: deleteVirtualInterface ${made.vif.id}: ${describe(error)}`);
    }
}

async function cleanUp() {
    if (made.floatingIp) {
        await call(openstack, 'deallocateFloatingIp', made.floatingIp.id)
            .catch((error) => console.log(`  cleanup: deallocateFloatingIp ${made.floatingIp.id}: ${describe(error)}`));
    }
    await removeVif();
    if (made.server) {
        await call(rackspace, 'destroyServer', made.server.id)
            .catch((error) => console.log(`  cleanup: destroyServer ${made.server.id}: ${describe(error)}`));
    }
    if (made.securedPort) {
        await call(openstackNetwork, 'destroyPort', made.securedPort)
            .catch((error) => console.log(`  cleanup: destroyPort ${made.securedPort}: ${describe(error)}`));
    }
    if (made.securityGroup) {
        await call(openstackNetwork, 'destroySecurityGroup', made.securityGroup)
            .catch((error) => console.log(`  cleanup: destroySecurityGroup ${made.securityGroup}: ${describe(error)}`));
    }
    if (made.securedNetwork) {
        await call(openstackNetwork, 'destroyNetwork', made.securedNetwork)
            .catch((error) => console.log(`  cleanup: destroyNetwork ${made.securedNetwork}: ${describe(error)}`));
    }
    if (made.neutronNetwork) {
        await call(openstackNetwork, 'destroyNetwork', made.neutronNetwork)
            .catch((error) => console.log(`  cleanup: destroyNetwork ${made.neutronNetwork}: ${describe(error)}`));
    }
    if (made.network) {
        await call(rackspace, 'deleteNetwork', made.network.id)
            .catch((error) => console.log(`  cleanup: deleteNetwork ${made.network.id}: ${describe(error)}`));
    }
}

(async () => {
    try {
        await run();
    } catch (error) {
        failed = true;
        console.log(`FAIL run: ${describe(error)}`);
        printStack(error);
    } finally {
        await cleanUp();
    }
    if (!failed) console.log(`PASS pkgcloud ${require('pkgcloud/package.json').version} (rackspace and openstack providers) worked against the service`);
    process.exit(failed ? 1 : 0);
})();
