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
let currentPage = null;
const timings = {};

/** Another user's change, through the API behind the page's back (its If-Match must then fail). */
async function otherWriter(fqn) {
  const login = await fetch(base + '/api/v1/users/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: env('EDITOR'), password: Buffer.from(env('PASSWORD')).toString('base64') }),
  });
  const { accessToken } = await login.json();
  const answer = await fetch(base + '/api/v1/tables/name/' + encodeURIComponent(fqn), {
    method: 'PATCH', headers: { 'Content-Type': 'application/json-patch+json', Authorization: 'Bearer ' + accessToken },
    body: JSON.stringify([{ op: 'add', path: '/description', value: 'Changed behind the page' }]),
  });
  if (answer.status !== 200) throw new Error(`${step}: the other writer's PATCH answered ${answer.status}`);
}

function check(condition, message) {
  if (!condition) throw new Error(`${step}: ${message}`);
}

async function shot(page, name, fullPage = true) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage });
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
    currentPage = page;
    // The API's 4xx answers are part of the flows tested (a wrong password, a refused name, a 412); anything else is a problem.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`${label} console: ${m.text()}`);
    });
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

    if (label === 'desktop') {
      step = 'adding a Postgres service through the form';
      await page.getByRole('link', { name: 'Add a service' }).click();
      await page.getByLabel('Find a type').fill('postg');
      await page.getByRole('button', { name: 'Postgres', exact: true }).click();
      await page.locator('#connection_hostPort').waitFor();
      await accessible(page, 'add service');
      await page.locator('#service-name').fill('bad::name');
      await page.locator('#connection_username').fill('postgres');
      await page.locator('#connection_hostPort').fill(env('PG_HOST_PORT'));
      await page.locator('#connection_database').fill(env('PG_DATABASE'));
      const secretInput = page.locator('#connection_authType_password');
      check(await secretInput.getAttribute('type') === 'password', 'the password field shows what is typed');
      await secretInput.fill('any-password');
      await page.getByRole('button', { name: 'Save' }).click();
      const nameError = page.locator('#name-error');
      await nameError.waitFor();
      check((await nameError.textContent()).includes('name must match'), `the name's error says: ${await nameError.textContent()}`);
      await page.locator('#service-name').scrollIntoViewIfNeeded();
      await shot(page, 'add-service-error', false);

      step = 'testing the connection before saving';
      await page.locator('#service-name').fill(env('NEW_SERVICE'));
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('heading', { name: /Test connection: (Successful|Failed)/ }).waitFor({ timeout: 90_000 });
      const verdict = await page.getByRole('heading', { name: /Test connection:/ }).textContent();
      check(verdict.includes('Successful'), `the test says ${verdict}: ${await page.locator('.steps').textContent()}`);
      check(await page.locator('.steps li.passed', { hasText: 'CheckAccess' }).count() === 1, 'CheckAccess did not pass');
      await page.getByRole('button', { name: 'Test connection' }).scrollIntoViewIfNeeded();
      await shot(page, 'test-connection', false);

      step = 'saving the service, then setting up its ingestion';
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: env('NEW_SERVICE') + ' is saved' }).waitFor();
      await page.getByLabel('Schemas to include').fill('^shop$');
      await page.getByLabel('Schedule').selectOption('@daily');
      await accessible(page, 'ingestion set-up');
      await shot(page, 'ingestion-setup', false);
      step = 'ingesting it, watching the run';
      await page.getByRole('button', { name: 'Create and run' }).click();
      await page.locator('.run-state.success').waitFor({ timeout: 90_000 });
      const counts = await page.locator('.run-counts').textContent();
      check(/\b[1-9]\d* records/.test(counts) && counts.includes('0 errors'), `the run says: ${counts}`);
      await page.getByRole('button', { name: 'Logs' }).click();
      await page.locator('pre.log').waitFor();
      await shot(page, 'ingestion-run', false);
      await page.getByRole('link', { name: 'Go to the service' }).click();
      await page.getByRole('heading', { level: 1, name: env('NEW_SERVICE') }).waitFor();
      const connection = await page.locator('section[aria-labelledby="connection-title"]').textContent();
      check(connection.includes('*********') && !connection.includes('any-password'), 'the saved connection is not masked');

      step = 'editing the connection, the stored password kept';
      await page.getByRole('button', { name: 'Edit connection' }).click();
      await page.locator('#connection_hostPort').waitFor();
      const shownSecret = await page.locator('#connection_authType_password').inputValue();
      check(shownSecret === '*********', `the password field holds ${shownSecret.length} characters, not the mask`);
      await page.locator('#connection_hostPort').fill(env('PG_HOST_PORT_ALIAS'));
      // Tested before saving: the masked password stands for the stored one.
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('heading', { name: /Test connection: (Successful|Failed)/ }).waitFor({ timeout: 90_000 });
      const edited = await page.getByRole('heading', { name: /Test connection:/ }).textContent();
      check(edited.includes('Successful'), `the edited connection's test says ${edited}: ${await page.locator('.steps').textContent()}`);
      await shot(page, 'connection-edit', false);
      await page.getByRole('button', { name: 'Save connection' }).click();
      await page.getByText('Connection saved.').waitFor();
      // The page reads the service again after the save: the new host shows once it has.
      await page.locator('section[aria-labelledby="connection-title"] dd', { hasText: env('PG_HOST_PORT_ALIAS') }).waitFor();

      step = 'the ingested table, found from the header search';
      await page.getByRole('combobox', { name: 'Search the catalog' }).fill('invoices');
      const ingested = page.locator('#search-results a', { hasText: 'invoices' }).first();
      await ingested.waitFor();
      await ingested.click();
      await page.getByRole('heading', { name: 'Columns' }).waitFor();
      check(await page.getByRole('cell', { name: 'amount', exact: true }).count() === 1, 'the ingested table has no amount column');
      check((await page.locator('main').textContent()).includes('Money owed'), "the source's table comment is not the description");

      step = "editing a column's description";
      await page.getByRole('button', { name: 'Edit description of amount' }).click();
      await page.getByLabel('Description of amount').fill('In euros, tax included');
      await page.getByRole('button', { name: 'Save description' }).click();
      await page.getByRole('row', { name: /amount/ }).getByText('In euros, tax included').waitFor();
      await page.evaluate((hash) => { location.hash = hash; }, '#/service/' + encodeURIComponent(env('NEW_SERVICE')));
      await page.getByRole('heading', { name: 'Connection' }).waitFor();

      step = 'importing 100 databases into it from CSV, the dry run first';
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const exported = readFileSync(await download.path(), 'utf8');
      const header = exported.split(/\r?\n/)[0];
      check(header.startsWith('name*'), `the export's header is ${header}`);
      // The recursive file's columns, each filled by its name: a database's name, type and full name.
      const columns = header.split(',').map((c) => c.replace(/^"|"$/g, ''));
      const rows = Array.from({ length: 100 }, (_, i) => {
        const name = `db_${String(i).padStart(3, '0')}`;
        return columns.map((c) => c === 'name*' ? name : c.startsWith('entityType') ? 'database'
          : c.startsWith('fullyQualifiedName') ? `${env('NEW_SERVICE')}.${name}` : '').join(',');
      });
      const file = { name: 'databases.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\r\n') + '\r\n') };
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByText('Dry run: success').waitFor();
      const summary = await page.locator('section[aria-labelledby="csv-title"] p').first().textContent();
      // OM counts the header as a processed row: 101 processed, 101 passed.
      check(/101 rows, 101 passed, 0 failed/.test(summary), `the dry run says: ${summary}`);
      check(await page.getByRole('heading', { name: /^Databases/ }).textContent().then((t) => !t.includes('(100)')), 'the dry run wrote');
      await page.getByRole('heading', { name: 'CSV' }).scrollIntoViewIfNeeded();
      await shot(page, 'csv-dry-run', false);
      await page.getByRole('button', { name: /for real/ }).click();
      await page.getByText('Import: success').waitFor({ timeout: 60_000 });
      await page.reload().catch(() => {});
      await page.evaluate(() => { location.hash = '#/'; });
      await page.getByLabel('Email or user name').waitFor();
      // A reload signs out (the token lives in memory only): sign in again.
      await page.getByLabel('Email or user name').fill(env('EMAIL'));
      await page.getByLabel('Password').fill(env('PASSWORD'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.evaluate((hash) => { location.hash = hash; }, '#/service/' + encodeURIComponent(env('NEW_SERVICE')));
      // The ingested database and the hundred imported.
      await page.getByRole('heading', { name: 'Databases (101)' }).waitFor();

      step = 'deleting the service recursively, then restoring it';
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: /Delete service/ });
      await confirm.waitFor();
      check(await confirm.getByLabel(/Also everything it contains/).isChecked(), 'recursive is not offered for a service that holds databases');
      await confirm.getByLabel(/Hard delete/).check();
      check(await confirm.getByRole('button', { name: 'Delete for good' }).isDisabled(), 'a hard delete is possible without typing the name');
      await confirm.getByLabel(/Soft delete/).check();
      await accessible(page, 'delete dialog');
      await shot(page, 'delete-confirm', false);
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText('Service deleted: it can be restored.').waitFor({ timeout: 60_000 });
      await page.locator('h1 .badge', { hasText: 'deleted' }).waitFor();
      await page.getByRole('heading', { name: 'Databases (101)' }).waitFor();
      await page.getByRole('button', { name: 'Restore' }).click();
      await page.getByText('Service restored.').waitFor();
      await page.locator('h1 .badge').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Delete', exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Databases (101)' }).waitFor();
      await page.evaluate(() => { location.hash = '#/'; });
      await page.getByRole('heading', { name: 'Database services' }).waitFor();
    }

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

    if (label === 'desktop') {
      step = "editing a column's tags";
      await page.getByRole('button', { name: 'Edit tags of customer_id' }).click();
      await page.getByLabel('Tags of customer_id').fill('PII.Sensitive');
      await page.getByRole('button', { name: 'Save tags' }).click();
      await page.getByRole('row', { name: /customer_id/ }).getByText('PII.Sensitive').waitFor();

      step = 'a write over a change made by someone else';
      await page.getByRole('button', { name: 'Edit description', exact: true }).click();
      await page.locator('#description-text').fill('Edited in the browser');
      await otherWriter(env('TABLE_FQN'));
      await page.getByRole('button', { name: 'Save description' }).click();
      const conflict = page.getByRole('alert');
      await conflict.waitFor();
      check((await conflict.textContent()).includes('changed by someone else'), `the alert says: ${await conflict.textContent()}`);
      await page.getByRole('button', { name: 'Reload' }).click();
      await page.getByText('Changed behind the page').waitFor();

      step = 'the diff of two versions';
      await page.getByRole('link', { name: 'History' }).click();
      await page.getByRole('heading', { name: /^History of/ }).waitFor();
      await page.getByText(/line\(s\) differ/).waitFor();
      const versions = await page.getByLabel('Older').locator('option').count();
      await page.getByLabel('Older').selectOption({ index: versions - 1 });
      check(await page.locator('td.added', { hasText: 'Changed behind the page' }).count() > 0, 'the diff does not show the new description');
      check(await page.locator('td.added', { hasText: 'PII.Sensitive' }).count() > 0, "the diff does not show the column's new tag");
      await accessible(page, 'history');
      await shot(page, 'history', false);
      await page.goBack();
      await page.getByRole('heading', { name: 'Columns' }).waitFor();
    }

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
    if (label === 'desktop') {
      step = 'owners and domain edited inline';
      await page.getByRole('button', { name: 'Edit owners' }).click();
      await page.locator('#owners-edit').fill(env('EDITOR'));
      await page.getByRole('button', { name: 'Save owners' }).click();
      await page.locator('dd', { hasText: env('EDITOR') }).waitFor();
      await page.getByRole('button', { name: 'Edit domains' }).click();
      await page.locator('#domains-edit').fill('Nowhere');
      await page.getByRole('button', { name: 'Save domains' }).click();
      await page.getByText('No domain is named “Nowhere”.').waitFor();
      await page.locator('#domains-edit').fill(env('DOMAIN'));
      await page.getByRole('button', { name: 'Save domains' }).click();
      await page.locator('dd', { hasText: env('DOMAIN') }).waitFor();

      step = 'the catalog tree';
      await page.getByRole('button', { name: 'Expand shop' }).click();
      await page.getByRole('button', { name: 'Expand sales' }).click();
      await page.locator('section[aria-labelledby="tree-title"]').getByRole('link', { name: env('TABLE'), exact: true }).waitFor();
      await accessible(page, 'service with tree');
      await shot(page, 'service');
    }

    if (label === 'desktop') {
      step = 'the first page of a schema of 10,000 tables';
      const opened = Date.now();
      // The same document (a reload would sign out: the token lives in memory only).
      await page.evaluate((hash) => { location.hash = hash; }, '#/schema/' + encodeURIComponent(env('WIDE_SCHEMA')));
      await page.getByRole('link', { name: 't_00000', exact: true }).waitFor();
      timings['first page of a schema of 10,000 tables (page load included), ms'] = Date.now() - opened;
      check((await page.getByRole('heading', { name: /^Tables/ }).textContent()).includes('10000'), 'the schema does not count 10000 tables');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('link', { name: 't_00050', exact: true }).waitFor();
      const services = Date.now();
      await page.getByRole('link', { name: 'Services' }).first().click();
      await page.getByText(/of 100\d\d/).waitFor();
      timings['first page of 10,000 services, ms'] = Date.now() - services;
    }

    step = `${label}: the API reference`;
    await page.getByRole('link', { name: 'API', exact: true }).click();
    await page.getByRole('heading', { name: 'API reference' }).waitFor();
    await page.getByLabel('Filter routes').fill('tables patch');
    const operation = page.locator('details.operation', { hasText: '/api/v1/tables/{id}' }).first();
    await operation.locator('summary').click();
    await operation.getByRole('button', { name: 'api.data.createTable' }).or(operation.getByText('application/json-patch+json')).first().waitFor();
    await operation.getByRole('button', { name: 'entity.data.table' }).first().click();
    await operation.getByText('columns', { exact: true }).first().waitFor();
    await accessible(page, `${label} api reference`);
    if (label === 'desktop') await shot(page, 'api-reference', false);

    step = `${label}: signing out`;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email or user name').waitFor();
    await context.close();
  }
} catch (e) {
  problems.push(String(e.stack || e));
  if (currentPage) {
    const text = await currentPage.locator('body').innerText().catch(() => '');
    problems.push('the page said: ' + text.slice(0, 600) + ' … ' + text.slice(-1200));
  }
} finally {
  await browser.close();
}
for (const [name, ms] of Object.entries(timings)) console.log(`e2e: ${name}: ${ms}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('e2e: every step passed');
