// The history page (GET /history/ui) in Debian's Chromium, headless, driven by playwright-core as a person would use
// it: sign in, ask for a range of a pool, see the timeline's bars and the pool's fill, open an interval and its events
// and the state after each, ask who held the addresses at an instant; and all along, no console error, no page error,
// no request to another origin, nothing the Content-Security-Policy refused.
//
// Environment (set by tests/CloudNet.Tests/History/Ui/in_a_real_browser.cs):
//   BASE        the service, http://127.0.0.1:PORT
//   NETWORK_ID  the floating pool, as a network
//   RANGE       the addresses to ask for (a-b)
//   OWN         an address whose first interval is the demo tenant's floating IP (allocated, then released)
//   AT          an instant at which another tenant held OWN
//   CHROMIUM    the browser (default /usr/bin/chromium)
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { BASE, NETWORK_ID, RANGE, OWN, AT } = process.env;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
for (const [name, value] of Object.entries({ BASE, NETWORK_ID, RANGE, OWN, AT })) if (!value) { console.log(`FAIL ${name} is not set`); process.exit(2); }

const problems = [];
const ok = what => console.log(`ok   ${what}`);
function check(condition, what, detail = '') {
  if (condition) ok(what);
  else { console.log(`FAIL ${what}${detail ? `\n  got ${detail}` : ''}`); problems.push(what); }
}

const profile = mkdtempSync(join(tmpdir(), 'cloudnet-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 1000 },
  // The flags that work on this machine's closed network (no background fetches, no component updates, no QUIC).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const timeout = 20000;
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.setDefaultTimeout(timeout);
  const consoleErrors = [], pageErrors = [], foreign = [], failed = [];
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', e => pageErrors.push(String(e)));
  page.on('response', r => { if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  page.on('request', r => { if (!r.url().startsWith(BASE + '/') && !r.url().startsWith('data:')) foreign.push(r.url()); });
  // Injected by the browser itself (not by the page), so the policy does not apply to it: it records what the policy refuses.
  await page.addInitScript(() => {
    window.__refused = [];
    document.addEventListener('securitypolicyviolation', e => window.__refused.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
  });

  const response = await page.goto(`${BASE}/history/ui`);
  check(response.status() === 200, 'the page answers 200');
  const policy = response.headers()['content-security-policy'] || '';
  check(/script-src 'sha256-/.test(policy) && !policy.includes('unsafe-inline'), 'the page is served with a hash-only script policy', policy);

  // Sign in.
  await page.fill('#user', 'demo');
  await page.fill('#password', 'demo-password');
  await page.click('#password-form button[type=submit]');
  await page.waitForSelector('#query:not(.hidden)');
  check((await page.textContent('#who')).includes('demo'), 'signed in as demo');

  // Ask for a range, on the pool.
  await page.waitForSelector(`#network option[value="${NETWORK_ID}"]`, { state: 'attached' });
  await page.fill('#addresses', RANGE);
  await page.selectOption('#network', NETWORK_ID);
  await page.click('#query-form button[type=submit]');
  await page.waitForSelector('#chart svg g.bar');
  const bars = await page.$$eval('#chart svg g.bar', gs => gs.map(g => g.getAttribute('aria-label')));
  check(bars.length >= 3, `the timeline draws the intervals as bars (${bars.length})`, JSON.stringify(bars));
  check(bars.some(b => b.startsWith(`${OWN} · floating IP`)) && bars.some(b => b.startsWith(`${OWN} · another tenant`)),
    `${OWN} shows the demo tenant's floating IP, then another tenant's`, JSON.stringify(bars));

  // The pool's fill over the same span.
  await page.waitForSelector('#fill svg g.fill-bar rect.held');
  const fill = await page.$$eval('#fill svg g.fill-bar', gs => gs.map(g => g.getAttribute('aria-label')));
  check(fill.length >= 10, `the pool's fill is drawn as ${fill.length} slices`);
  check(fill.some(f => /held at the end: [1-9]/.test(f)), 'some slices hold addresses', fill.slice(-3).join(' | '));
  check((await page.textContent('#fill-title')).includes('default'), 'the fill is titled with the pool');

  // Click an interval: its details, its events, and the state after each.
  await page.click(`#chart svg g.bar[aria-label^="${OWN} · floating IP"] rect.body`);
  await page.waitForSelector('#events table tbody tr');
  check((await page.textContent('#interval h2')).startsWith(`${OWN} · floating IP`), 'the interval pane shows the clicked interval');
  const rows = await page.$$eval('#events table tbody tr', trs => trs.map(tr => ({
    type: tr.querySelector('summary').textContent, marked: tr.classList.contains('in-interval'),
    state: tr.querySelector('td:last-child a')?.textContent,
  })));
  check(rows.length >= 2 && rows[0].type.startsWith('floating_ip_allocated') && rows.some(r => r.type.startsWith('floating_ip_released')),
    `its events are listed (${rows.map(r => r.type.split(' ')[0]).join(', ')})`, JSON.stringify(rows));
  check(rows.every(r => r.marked), 'the events within the interval are marked');
  // The state after each event: a link while the resource exists, "gone" after its release.
  const ends = type => /^floating_ip_released/.test(type);
  check(rows.every((r, i) => ends(r.type) ? r.state === undefined : r.state === `after v${i + 1}`), 'each event links the state after it, or says it is gone',
    JSON.stringify(rows.map(r => r.state)));
  check(rows.filter(r => ends(r.type)).length === 1
    && (await page.$$eval('#events table tbody tr td:last-child', tds => tds.map(td => td.textContent))).at(-1) === 'gone', 'after the release: gone');
  for (let v = 1; v <= rows.length; v++) {
    if (ends(rows[v - 1].type)) continue;
    await page.click(`#events table tbody tr:nth-child(${v}) td:last-child a`);
    await page.waitForFunction(version => {
      const path = document.querySelector('#json .path');
      return path && path.textContent.endsWith(`?version=${version}`) && !document.querySelector('#json p.hint');
    }, v);
    const shown = await page.textContent('#json pre');
    check(shown.includes('"floating_ip"') && shown.includes(`"${OWN}"`), `the state after v${v} is the floating IP as GET showed it then`, shown.slice(0, 200));
  }

  // Who held them at T, asked in the form.
  await page.fill('#at', AT);
  await page.click('#query-form button[type=submit]');
  await page.waitForSelector('#at-card .at-grid > div');
  const held = await page.$$eval('#at-card .at-grid > div', ds => ds.map(d => d.textContent));
  check(held.some(h => h.startsWith(OWN) && h.includes('another tenant')), `at ${AT}, ${OWN} was another tenant's`, JSON.stringify(held));
  check((await page.textContent('#at-card h2')).startsWith('Who held them at'), 'the answer is titled with the instant');

  // And by clicking a slice of the fill: who held them at its end.
  await page.click('#fill svg g.fill-bar:last-of-type', { position: { x: 1, y: 50 } });
  await page.waitForFunction(at => document.querySelector('#at').value !== at && !document.querySelector('#at-card p.hint'), AT);
  check(true, 'a click on a slice of the fill asks who held the addresses then');

  // Nothing refused, nothing broken, nothing from elsewhere.
  const refused = await page.evaluate(() => window.__refused);
  check(refused.length === 0, 'the Content-Security-Policy refused nothing', JSON.stringify(refused));
  const inlineHandlers = await page.evaluate(() => [...document.querySelectorAll('*')]
    .flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => `${e.tagName}.${a.name}`)));
  check(inlineHandlers.length === 0, 'no inline event handler attribute (the policy would refuse it)', JSON.stringify(inlineHandlers));
  check(consoleErrors.length === 0, 'no console error', JSON.stringify(consoleErrors) + (failed.length ? ` (responses: ${failed.join(', ')})` : ''));
  check(pageErrors.length === 0, 'no uncaught page error', JSON.stringify(pageErrors));
  check(foreign.length === 0, 'no request left the origin', JSON.stringify(foreign));
  check(!(await page.isVisible('#error.shown')), 'no error banner');
} catch (e) {
  console.log(`FAIL ${e.stack || e}`);
  problems.push(String(e));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
if (problems.length) { console.log(`FAIL history-ui: ${problems.length} check(s) failed`); process.exit(1); }
console.log('PASS history-ui');
