// End-to-end test of the web UI in headless Chromium (Debian's, driven by playwright-core), against
// a real server the caller started and seeded (meridian-tests' UiIT). Every step asserts what a
// user sees; axe-core checks each page; any CSP violation or page error fails the run.
//   BASE_URL=http://127.0.0.1:PORT EMAIL=admin@meridian.local PASSWORD=… SERVICE=… TABLE=… SHOTS=dir node e2e/run.mjs
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`e2e: ${name} is not set`);
  return value;
};
const base = env('BASE_URL');
const shots = process.env.SHOTS;
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const problems = [];
let step = 'start';
const timings = {};

function check(condition, message) {
  if (!condition) throw new Error(`${step}: ${message}`);
}

async function shot(page, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) problems.push(`${name}: axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' && !/401|Unauthorized/.test(m.text())) problems.push(`${label} console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
    const storageWrites = [];

    step = `${label}: the page and its headers`;
    const response = await page.goto(base + '/');
    check(response.status() === 200, `GET / answered ${response.status()}`);
    check((response.headers()['content-security-policy'] || '').includes("script-src 'self'"), 'no Content-Security-Policy');
    await page.getByLabel('Email or user name').waitFor();
    await accessible(page, `${label} sign-in`);
    if (label === 'desktop') await shot(page, 'sign-in');

    step = `${label}: a wrong password`;
    await page.getByLabel('Email or user name').fill(env('EMAIL'));
    await page.getByLabel('Password').fill('Not#thePassword1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    check((await alert.textContent()).includes('invalid username or password'), `the alert says: ${await alert.textContent()}`);

    step = `${label}: signing in`;
    await page.getByLabel('Password').fill(env('PASSWORD'));
    const started = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Database services' }).waitFor();
    await page.getByRole('link', { name: env('SERVICE'), exact: true }).waitFor();
    timings[`${label}: services list after sign-in, ms`] = Date.now() - started;
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    check(!stored.includes('eyJ'), 'a token is in browser storage');
    storageWrites.push(stored);
    await accessible(page, `${label} services`);
    await shot(page, `services-${label}`);

    step = `${label}: filtering services by type`;
    await page.getByLabel('Type').selectOption({ index: 1 });
    await page.getByRole('link', { name: env('SERVICE'), exact: true }).waitFor();
    await page.getByLabel('Type').selectOption('');

    step = `${label}: the header search finds a table`;
    await page.getByRole('combobox', { name: 'Search the catalog' }).fill(env('TABLE'));
    const hit = page.locator('#search-results a', { hasText: env('TABLE') }).first();
    await hit.waitFor();
    await hit.click();
    await page.getByRole('heading', { name: 'Columns' }).waitFor();
    check(await page.getByRole('cell', { name: 'customer_id' }).count() > 0, 'the table page has no customer_id column');
    await accessible(page, `${label} table`);
    await shot(page, `table-${label}`);

    step = `${label}: up the trail to the schema and its tables`;
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').last().click();
    await page.getByRole('heading', { name: /^Tables/ }).waitFor();
    check(await page.getByRole('link', { name: env('TABLE'), exact: true }).count() === 1, 'the schema does not list the table');
    await accessible(page, `${label} schema`);
    if (label === 'desktop') await shot(page, 'schema');

    step = `${label}: the service page`;
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: env('SERVICE') }).click();
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    const text = await page.locator('main').textContent();
    check(!text.includes(env('SECRET')), 'the service page shows the connection secret');
    await accessible(page, `${label} service`);
    if (label === 'desktop') await shot(page, 'service');

    step = `${label}: signing out`;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email or user name').waitFor();
    await context.close();
  }
} catch (e) {
  problems.push(String(e.stack || e));
} finally {
  await browser.close();
}
for (const [name, ms] of Object.entries(timings)) console.log(`e2e: ${name}: ${ms}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('e2e: every step passed');
