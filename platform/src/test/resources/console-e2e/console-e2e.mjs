// Drives the web console in Debian's headless Chromium against a running platform (ConsoleIT starts it).
// Input (environment): BASE_URL, API_KEY (the tenant's admin key, used only to create the signed-in admin and to
// play an outside client), WEBHOOK_URL, SCREENSHOTS (directory), CHROMIUM.
// Output: one JSON line of findings on stdout; any failed step exits non-zero with the reason.
import { chromium } from 'playwright-core';

const { BASE_URL, API_KEY, WEBHOOK_URL, SCREENSHOTS, CHROMIUM } = process.env;
const findings = {};
const step = (name) => console.error(`step: ${name}`);

async function api(path, { key = API_KEY, method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(BASE_URL + path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));
const shot = (name) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

try {
  step('sign in');
  const email = `admin-${Date.now()}@console.test`;
  const password = `console-${Math.random().toString(36).slice(2)}-pass`;
  const created = await api('/v1/users', { method: 'POST', body: { email, password, role: 'admin' } });
  if (created.status !== 201 && created.status !== 200) throw new Error(`user not created: ${JSON.stringify(created)}`);
  await page.goto(`${BASE_URL}/console/`);
  await page.getByRole('heading', { name: 'Inferline console' }).waitFor();
  await shot('login');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Overview/ }).waitFor();
  findings.signedInAs = (await page.locator('.who').textContent()).trim();

  step('users');
  await page.getByRole('link', { name: 'Users' }).click();
  const viewer = `viewer-${Date.now()}@console.test`;
  const addUser = page.getByRole('form', { name: 'Add a user' });
  await addUser.getByRole('textbox', { name: 'Email' }).fill(viewer);
  await addUser.getByLabel('Initial password').fill('viewer-password-123');
  await addUser.getByRole('combobox', { name: 'Role' }).selectOption('viewer');
  await addUser.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('cell', { name: viewer, exact: true }).waitFor();
  findings.userAdded = viewer;
  await shot('users');

  step('create a key');
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('form', { name: 'Create a key' }).getByRole('textbox', { name: 'Name' }).fill('console-e2e');
  await page.getByRole('checkbox', { name: 'models:read' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const newKey = (await page.getByTestId('new-key').textContent()).trim();
  findings.keyShownOnce = newKey.length > 20;
  findings.newKeyWorks = (await api('/v1/jobs?limit=1', { key: newKey })).status === 200;
  await shot('keys');

  step('playground: streamed chat');
  await page.getByRole('link', { name: 'Playground' }).click();
  await page.getByRole('combobox', { name: 'Model' }).fill('sim-chat');
  await page.getByRole('textbox', { name: 'Prompt' }).fill('Stream one sentence to me please');
  const output = page.getByTestId('playground-output');
  // every distinct text the output shows while the answer streams in, recorded in the page itself
  await page.evaluate(() => {
    window.__states = new Set();
    new MutationObserver(() => {
      const out = document.querySelector('[data-testid="playground-output"]');
      if (out) window.__states.add(out.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Total', { exact: true }).locator('xpath=following-sibling::dd[1]').filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
  findings.streamedStates = await page.evaluate(() => window.__states.size);
  findings.answer = (await output.textContent()).trim();
  findings.servedBy = (await page.locator('.facts dd').first().textContent()).trim();
  await shot('playground-chat');

  step('playground: job');
  await page.getByRole('radio', { name: 'job' }).check();
  await page.getByRole('textbox', { name: 'Prompt' }).fill('Hello from the console');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('playground-output').filter({ hasText: /Job .* is queued/ }).waitFor();
  await shot('playground');

  step('live job list');
  await page.getByRole('link', { name: 'Jobs' }).click();
  await page.getByText('● live').waitFor();
  const submitted = await api('/v1/jobs', {
    key: newKey, method: 'POST', headers: { 'Idempotency-Key': `console-e2e-${Date.now()}` },
    body: { model: 'sim-chat', input: { prompt: 'watched live', max_tokens: 2 }, webhook: WEBHOOK_URL },
  });
  if (submitted.status !== 202) throw new Error(`submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const jobId = submitted.body.id;
  const row = page.locator(`tr[data-job="${jobId}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.getByText('succeeded').waitFor({ timeout: 60_000 });
  findings.liveListShowedSucceeded = true;
  await shot('jobs');

  step('webhook replay');
  await row.getByRole('link').click();
  for (let i = 0; i < 60 && !(await page.getByRole('button', { name: 'Replay' }).count()); i++) {
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Refresh deliveries' }).click();
  }
  await shot('job-detail');
  await page.getByRole('button', { name: 'Replay' }).first().click();
  await page.getByText(/queued again/).waitFor();
  findings.replayedJob = jobId;

  step('guard rule');
  await page.getByRole('link', { name: 'Models & guards' }).click();
  await page.getByRole('heading', { name: /Guard rules of tenant/ }).waitFor();
  const form = page.getByRole('form', { name: 'Add a guard rule' });
  await form.getByRole('textbox', { name: 'Name' }).fill('no-secrets');
  await form.getByRole('textbox', { name: 'Pattern' }).fill('project-bluebird');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('cell', { name: 'no-secrets', exact: true }).waitFor();
  const tester = page.getByRole('form', { name: 'Test this text' });
  await tester.getByRole('combobox', { name: 'Model' }).selectOption('sim-chat');
  await tester.getByRole('textbox', { name: 'Text' }).fill('tell me about project-bluebird');
  await tester.getByRole('button', { name: 'Test' }).click();
  findings.testerSays = (await page.getByTestId('guard-outcome').textContent()).trim();
  await shot('models');
  let blocked;
  for (let i = 0; i < 50 && blocked?.status !== 403; i++) {
    blocked = await api('/v1/jobs', {
      key: newKey, method: 'POST', body: { model: 'sim-chat', input: { prompt: 'about project-bluebird' } },
    });
    if (blocked.status !== 403) await new Promise((r) => setTimeout(r, 200));
  }
  findings.blockedStatus = blocked.status;
  findings.blockedProblem = blocked.body;

  step('overview');
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.locator('.count[data-status="succeeded"]').waitFor();
  findings.overviewSucceeded = Number(await page.locator('.count[data-status="succeeded"]').textContent());
  await shot('overview');

  step('revoke the key');
  await page.getByRole('link', { name: 'API keys' }).click();
  page.once('dialog', (dialog) => dialog.accept());
  await page.locator(`tr:has-text("console-e2e")`).getByRole('button', { name: 'Revoke' }).click();
  await page.locator(`tr:has-text("console-e2e")`).getByText(/revoked/).waitFor();
  let refused;
  for (let i = 0; i < 50 && refused !== 401; i++) {
    refused = (await api('/v1/jobs?limit=1', { key: newKey })).status;
    if (refused !== 401) await new Promise((r) => setTimeout(r, 200));
  }
  findings.revokedKeyStatus = refused;

  step('sign out');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Inferline console' }).waitFor();
  findings.pageErrors = consoleErrors;
  console.log(JSON.stringify(findings));
} catch (e) {
  await shot('failure').catch(() => undefined);
  console.error(`failed: ${e.stack ?? e}\nfindings so far: ${JSON.stringify(findings)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
