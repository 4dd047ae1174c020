// pkgcloud 2.2.0, unmodified, waiting for servers that a lifecycle fault rule keeps in BUILD: the caller
// (tests/CloudNet.Tests/Compute/with_pkgcloud_waiting.cs) has added, for demo's tenant, a rule that keeps the next server in
// BUILD for two polls then makes it ACTIVE, and one that keeps the server after it in BUILD for one poll then makes it ERROR.
// The openstack provider creates each and waits with the server model's setWait(attributes, interval, timeLimit, callback),
// which polls GET /servers/{id} (getServer) every `interval` ms until the attributes match or timeLimit passes.
//
// pkgcloud maps nova's statuses to its own (ACTIVE -> RUNNING, BUILD -> PROVISIONING, ERROR -> ERROR), so waiting for nova's
// ACTIVE is setWait({ status: server.STATUS.running }). setWait ignores what it polls until it matches: on ERROR it keeps
// polling until timeLimit, then calls back with no error and the server as last read (ERROR).
//
//   BASE=http://127.0.0.1:8774 node set-wait.js
//
// One line per step ("ok   …" / "FAIL …"), BUILT_ID= and FAILED_ID=, "PASS pkgcloud-set-wait"; exit 0 only when all passed.
'use strict';

const pkgcloud = require('pkgcloud');

const BASE = (process.env.BASE || '').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+$/.test(BASE)) {
    console.log('FAIL setup: set BASE (http://host:port, no path)');
    process.exit(2);
}
const PUBLIC_NET = '00000000-0000-0000-0000-000000000000';
const INTERVAL_MS = 200;
const TIME_LIMIT_MS = 3_000;

setTimeout(() => {
    console.log('FAIL timeout: the script did not finish within 60 s');
    process.exit(3);
}, 60_000).unref();

const compute = pkgcloud.compute.createClient({
    provider: 'openstack', username: 'demo', password: 'demo-password', authUrl: BASE, region: 'RegionOne',
    tenantId: '7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12', keystoneAuthVersion: 'v2.0',
});

const polls = new Map(); // server id -> GETs of it seen on the wire
compute.on('log::*', function (message, details) {
    if (message === 'Sending client request' && details && details.method === 'GET') {
        const id = /\/servers\/([0-9a-f-]{36})$/.exec(details.uri || '');
        if (id) polls.set(id[1], (polls.get(id[1]) || 0) + 1);
    }
});

function call(method, ...args) {
    return new Promise((resolve, reject) =>
        compute[method](...args, (error, result) => (error ? reject(error) : resolve(result))));
}

/** server.setWait as a promise: what its callback got, and how long it took. */
function setWait(server, attributes, interval, timeLimit) {
    const started = Date.now();
    return new Promise((resolve) =>
        server.setWait(attributes, interval, timeLimit, (error, resource) => resolve({ error, resource, ms: Date.now() - started })));
}

function check(condition, what, details) {
    if (!condition) {
        console.log(`FAIL ${what}${details === undefined ? '' : `: ${JSON.stringify(details)}`}`);
        process.exit(1);
    }
    console.log(`ok   ${what}`);
}

async function run() {
    const [flavor] = await call('getFlavors');
    const [image] = await call('getImages');
    const made = [];
    try {
        const built = await call('createServer', { name: 'pkgcloud-built', flavor: flavor.id, image: image.id, networks: [{ uuid: PUBLIC_NET }] });
        made.push(built.id);
        console.log(`$ createServer pkgcloud-built: ${built.id}`);
        const active = await setWait(built, { status: built.STATUS.running }, INTERVAL_MS, TIME_LIMIT_MS);
        check(!active.error, 'setWait({status: RUNNING}) called back without an error', active.error && active.error.message);
        check(active.resource.status === 'RUNNING' && active.resource.original.status === 'ACTIVE',
            `the server is RUNNING (nova ACTIVE) after ${polls.get(built.id)} polls`, active.resource.original.status);
        check(polls.get(built.id) === 3, 'setWait polled through BUILD: two reads in BUILD, the third ACTIVE', polls.get(built.id));
        console.log(`BUILT_ID=${built.id}`);

        const failed = await call('createServer', { name: 'pkgcloud-failed', flavor: flavor.id, image: image.id, networks: [{ uuid: PUBLIC_NET }] });
        made.push(failed.id);
        console.log(`$ createServer pkgcloud-failed: ${failed.id}`);
        const error = await setWait(failed, { status: failed.STATUS.running }, INTERVAL_MS, TIME_LIMIT_MS);
        check(!error.error, 'on ERROR setWait still calls back without an error', error.error && error.error.message);
        check(error.resource.status === 'ERROR' && error.resource.original.fault && error.resource.original.fault.code === 500,
            `… once its time limit passed (${error.ms} ms, ${polls.get(failed.id)} polls), with the server in ERROR and nova's fault`,
            error.resource.original);
        check(error.ms >= TIME_LIMIT_MS && polls.get(failed.id) > 2, 'it kept polling the server in ERROR until the time limit',
            { ms: error.ms, polls: polls.get(failed.id) });
        console.log(`FAILED_ID=${failed.id}`);
    } finally {
        for (const id of made) await call('destroyServer', id).catch((e) => console.log(`  cleanup: destroyServer ${id}: ${e.message}`));
    }
    console.log('PASS pkgcloud-set-wait');
}

run().catch((error) => {
    console.log(`FAIL ${error && error.stack ? error.stack : error}`);
    process.exit(1);
});
