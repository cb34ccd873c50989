// Reporting a water problem end to end: a resident files a report through the form, the server holds exactly
// what was typed at about the mocked position, My reports follows it until an operator closes it, a second
// resident at the same place is offered the first report instead of filing a duplicate, and fields the client
// or the server refuses are marked next to the field. Only the phone's position and the clock are mocked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, getJson, haversineM, WRITE_TOKEN } from './harness.mjs';

/** Chaotianmen, where the Jialing meets the Yangtze; away from the positions the other tests use. */
const RIVERBANK = { lat: 29.5665, lon: 106.587 };
const DESCRIPTION = 'Dead fish along the bank below the steps, about thirty, since this morning.';
const NOTES = 'Cleared by river crew';

let server;
let browser;
/** The phone that filed the first report; kept open so its My reports can be checked after the operator acts. */
let filer;
let firstId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await filer?.context.close();
  await browser?.close();
  await server?.stop();
});

// Reports are stamped with the server's real clock, so the phone's clock is pinned to the same instant (not to
// the demo data's end): "the last 7 days" and "overdue" then mean what they mean for a resident.
async function reportPhone(options) {
  const phone = await openPage(browser, server, options);
  await phone.page.clock.setFixedTime(new Date());
  return phone;
}

const open311 = () => `${server.url}/open311/v2`;

async function requestsOf(code) {
  return getJson(`${open311()}/requests.json?service_code=${code}`);
}

/** Chooses dead fish, answers "dozens" and locates the phone; resolves once the review shows the position. */
async function describeDeadFishHere(page) {
  await page.goto('/report');
  await page.locator('li[data-service-code="dead_fish"] input').click({ timeout: 30_000 });
  await page.locator('#report-attr-fish_count').selectOption('dozens', { timeout: 30_000 });
  await page.getByTestId('report-locate').click();
  await page
    .getByTestId('report-review')
    .filter({ hasText: String(RIVERBANK.lat).slice(0, 6) })
    .waitFor({ timeout: 30_000 });
}

test('a report filed through the form is stored as typed, near the phone, and listed as open with a due time', async () => {
  filer = await reportPhone({ position: RIVERBANK });
  const { page, errors } = filer;
  await describeDeadFishHere(page);
  await page.getByTestId('report-description').fill(DESCRIPTION);
  await page.getByTestId('report-submit').click();

  const result = page.getByTestId('report-result');
  await result.waitFor({ timeout: 30_000 });
  firstId = await result.getAttribute('data-request-id');
  assert.match(firstId ?? '', /^\w+$/, 'the confirmation carries no report id');
  assert.ok((await result.textContent()).includes(firstId), 'the confirmation does not show the report number');
  await page
    .waitForFunction(() => document.activeElement?.id === 'report-result-heading', null, { timeout: 5_000 })
    .catch(() => assert.fail('focus is not on the confirmation heading'));
  assert.equal(
    (await page.getByTestId('report-status-line').textContent()).trim(),
    '',
    'success is announced twice (status line and heading)',
  );

  const [stored] = await getJson(`${open311()}/requests/${firstId}.json`);
  assert.equal(stored.service_code, 'dead_fish');
  assert.equal(stored.description, DESCRIPTION);
  assert.equal(stored.status, 'open');
  const metres = haversineM(RIVERBANK, { lat: stored.lat, lon: stored.long });
  assert.ok(metres <= 100, `stored ${metres.toFixed(0)} m from the phone (public positions are snapped to ~50 m)`);

  await page.goto('/my-reports');
  const item = page.locator(`[data-testid="my-reports-list"] li[data-request-id="${firstId}"]`);
  await item.waitFor({ timeout: 30_000 });
  assert.equal(await item.getByTestId('report-status').getAttribute('data-status'), 'open');
  const due = item.getByTestId('report-due');
  assert.equal(await due.count(), 1, 'an open report shows when an answer is due');
  assert.equal(Number(await due.getAttribute('data-ms')), Date.parse(stored.expected_datetime));
  assert.ok((await due.textContent()).trim().length > 0, 'the due time is empty');
  assert.deepEqual(errors, [], 'the page threw');
});

test('a second resident at the same place is offered the first report, can open and follow it, and files nothing', async () => {
  assert.ok(firstId, 'needs the report of the first test');
  const before = (await requestsOf('dead_fish')).length;
  const { page, context, errors } = await reportPhone({ position: RIVERBANK });
  try {
    await describeDeadFishHere(page);
    const similar = page.getByTestId('similar-reports');
    await similar.waitFor({ timeout: 30_000 });
    const ids = await similar.locator('li[data-request-id]').evaluateAll((lis) => lis.map((li) => li.dataset.requestId));
    assert.ok(ids.includes(firstId), `similar reports ${JSON.stringify(ids)} miss ${firstId}`);

    const item = similar.locator(`li[data-request-id="${firstId}"]`);
    await item.getByTestId('follow-report').click();
    await item.locator('a[href="/my-reports"]').waitFor({ timeout: 10_000 });
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('qingshui.reports') ?? '[]'));
    assert.deepEqual(
      kept.map((r) => [r.id, r.followed]),
      [[firstId, true]],
      'following did not keep the report (as followed) in My reports',
    );

    await item.locator(`a[href="/request/${firstId}"]`).click();
    await page.waitForURL(`**/request/${firstId}`);
    await page.getByTestId('request-title').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('report-status').getAttribute('data-status'), 'open');
    assert.equal((await page.getByTestId('request-description').textContent()).trim(), DESCRIPTION);

    await page.goto('/my-reports');
    await page.locator(`[data-testid="my-reports-list"] li[data-request-id="${firstId}"]`).waitFor({ timeout: 30_000 });
    assert.equal((await requestsOf('dead_fish')).length, before, 'following filed another report');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('an operator closing the report shows it closed, with the notes, in My reports', async () => {
  assert.ok(firstId && filer, 'needs the report of the first test');
  const res = await fetch(`${open311()}/requests/${firstId}/status`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${WRITE_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'closed', status_notes: NOTES }),
  });
  assert.equal(res.status, 200, await res.text());

  const { page, errors } = filer;
  await page.goto('/my-reports');
  const item = page.locator(`[data-testid="my-reports-list"] li[data-request-id="${firstId}"]`);
  await item.waitFor({ timeout: 30_000 });
  assert.equal(await item.getByTestId('report-status').getAttribute('data-status'), 'closed');
  assert.equal((await item.getByTestId('report-notes').textContent()).trim(), NOTES);
  assert.equal(await item.getByTestId('report-due').count(), 0, 'a closed report still shows a due time');
  assert.deepEqual(errors, [], 'the page threw');
});

test('a too-long description is refused on the phone, and a field the server refuses is marked next to it', async () => {
  const before = (await requestsOf('other')).length;
  const { page, context, errors } = await reportPhone({ position: null });
  try {
    await page.goto('/report');
    await page.locator('li[data-service-code="other"] input').click({ timeout: 30_000 });
    await page.locator('#report-address').fill('Chaotianmen Square, north steps');
    const description = page.getByTestId('report-description');
    await description.fill('x'.repeat(4001));
    await page.getByTestId('report-submit').click();

    const message = page.locator('#report-description-error');
    await message.waitFor({ timeout: 10_000 });
    assert.ok((await description.getAttribute('aria-describedby')).split(' ').includes('report-description-error'));
    assert.equal(await description.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-description', 'focus not on the field');
    const statusLine = page.getByTestId('report-status-line');
    assert.notEqual((await statusLine.textContent()).trim(), '', 'the status line does not say what to do');

    // Fixing the field removes its message and the "please correct" line, without sending.
    await description.fill('x'.repeat(3999));
    await message.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await description.getAttribute('aria-invalid'), null);
    assert.equal((await statusLine.textContent()).trim(), '', '"please correct the marked fields" stays after the fix');

    // The server allows names of at most 100 characters; its 400 ("first_name: …") lands on the name field.
    await page.getByTestId('report-contact-toggle').check();
    await page.locator('#report-name').fill('李'.repeat(101));
    await page.locator('#report-email').fill('li@example.cn');
    await page.getByTestId('report-submit').click();
    const nameError = page.locator('#report-name-error');
    await nameError.waitFor({ timeout: 30_000 });
    assert.match(await nameError.textContent(), /first_name/);
    assert.ok((await page.locator('#report-name').getAttribute('aria-describedby')).includes('report-name-error'));
    assert.equal(await page.getByTestId('report-result').count(), 0, 'a refused report shows a confirmation');
    assert.equal((await page.getByTestId('report-description').inputValue()).length, 3999, 'the draft was lost');
    assert.equal((await requestsOf('other')).length, before, 'a refused report was filed');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
