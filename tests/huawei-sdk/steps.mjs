// What the scripts driving the official Huawei Cloud SDK share: the demo account, the service's address, one line per step
// (ok / FAIL), and, on a failure, the request the SDK sent and the canonical request it signed (its own helpers).
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';

const require = createRequire(import.meta.url);
// The SDK keeps the parameters of the last request it sent here (the same module instance the client uses).
const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient');
export const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');

export const AK = 'DEMOAKIDEXAMPLE00001';
export const SK = 'demo-secret-key';
export const PROJECT_ID = '7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12';

export const BASE = (process.env.BASE ?? '').replace(/\/+$/, '');
const WIRE = process.env.SDK_WIRE === '1';
if (!/^https?:\/\/[^/]+$/.test(BASE)) {
    console.log('FAIL setup: set BASE (http://host:port, no path)');
    process.exit(2);
}

export const credentials = new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT_ID);

/** Bounds the script: a hung request fails with a line of its own (the test process bounds the script too). */
export function deadline(seconds) {
    setTimeout(() => {
        console.log(`FAIL timeout: the script did not finish within ${seconds} s`);
        printLastRequest();
        process.exit(3);
    }, seconds * 1000).unref();
}

export class CheckFailed extends Error {}

export function check(condition, message) {
    if (!condition) throw new CheckFailed(message);
}

export function equal(actual, expected, what) {
    check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** What the SDK put on the wire for its last request, and the canonical request it signed (its own helpers). */
export function printLastRequest() {
    const sent = DefaultHttpClient.httpReqParam;
    if (!sent) return;
    const url = new URL(sent.baseURL + sent.url);
    const query = sent.params && Object.keys(sent.params).length ? new URLSearchParams(sent.params).toString() : '';
    const body = sent.data === undefined ? '' : JSON.stringify(sent.data);
    console.log(`  sent: ${sent.method} ${url.pathname}${query ? '?' + query : ''}`);
    for (const [name, value] of Object.entries(sent.headers ?? {})) console.log(`  sent header: ${name}: ${value}`);
    console.log(`  sent body: ${body === '' ? '(none)' : body}`);
    const signed = /SignedHeaders=([^,]+)/.exec(sent.headers?.Authorization ?? '')?.[1];
    if (!signed) return;
    const lower = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const canonical = [
        sent.method,
        AKSKSigner.CanonicalURI(url.pathname),
        AKSKSigner.CanonicalQueryString({ queryParams: sent.params ?? {} }),
        signed.split(';').map((h) => `${h}:${lower[h]}\n`).join(''),
        signed,
        body === '' ? AKSKSigner.EMPTY_BODY_SHA256 : createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    console.log('  canonical request (as the SDK signs it):');
    for (const line of canonical.split('\n')) console.log(`    | ${line}`);
}

export function describe(error) {
    if (error instanceof CheckFailed) return error.message;
    if (error && typeof error === 'object' && 'httpStatusCode' in error) {
        return `${error.name} httpStatusCode=${error.httpStatusCode} errorCode=${error.errorCode} ` +
            `errorMsg=${JSON.stringify(error.errorMsg)} requestId=${error.requestId}`;
    }
    return error?.stack ?? String(error);
}

let failures = 0;
export const anyFailed = () => failures > 0;
export const markFailed = () => { failures++; };

/** Runs one step: "ok   name: detail", or "FAIL name: why" and the last request, and rethrows. */
export async function step(name, action) {
    try {
        const detail = await action();
        console.log(`ok   ${name}${detail ? ': ' + detail : ''}`);
        if (WIRE) printLastRequest();
    } catch (error) {
        failures++;
        console.log(`FAIL ${name}: ${describe(error)}`);
        printLastRequest();
        throw error;
    }
}

/** The SDK's error for a call that must fail, or a failed check when it succeeded. */
export async function rejection(call) {
    try {
        const response = await call();
        throw new CheckFailed(`expected an error, got ${JSON.stringify(response)}`);
    } catch (error) {
        if (error instanceof CheckFailed) throw error;
        return error;
    }
}
