// Elder mode's report form (issue 4, MIIT 适老化: one task per screen): one step per screen with big "Next" /
// "Back" buttons and a "Step n of 6" heading that focus moves to; "Next" from a step with a missing answer
// shows that step's error instead of moving on; the report is then filed from the last step as in standard
// mode. Standard mode keeps every step on one page. Only the phone's position and clock are mocked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, getJson } from './harness.mjs';

/** Nanbin Road by the Yangtze, away from the places the other report tests use. */
const NANBIN = { lat: 29.5523, lon: 106.5718 };
const WORDS = {
  'zh-CN': { step: (n) => `第 ${n} 步，共 6 步`, next: '下一步', back: '上一步', text: '江边有很多死鱼，今天早上看到的。' },
  en: { step: (n) => `Step ${n} of 6`, next: 'Next', back: 'Back', text: 'Many dead fish by the river, seen this morning.' },
};

const e2e = useServerAndBrowser();

const indicator = (page) => page.getByTestId('report-step-indicator');
const visibleSteps = (page) => page.locator('.form-step:not([hidden])');

/** Waits until the heading says step `n` and has keyboard focus. */
async function atStep(page, words, n) {
  await page.waitForFunction((t) => document.getElementById('report-step-heading')?.textContent.trim() === t, words.step(n), {
    timeout: 10_000,
  });
  await page
    .waitForFunction(() => document.activeElement?.id === 'report-step-heading', null, { timeout: 5_000 })
    .catch(() => assert.fail(`focus is not on the heading of step ${n}`));
  assert.equal(await visibleSteps(page).count(), 1, `step ${n}: one step on screen`);
}

for (const locale of ['zh-CN', 'en']) {
  test(`elder mode files a report one step per screen (${locale}), a missing answer blocks "Next"`, async () => {
    const words = WORDS[locale];
    const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: NANBIN, locale });
    try {
      await page.clock.setFixedTime(new Date());
      await page.goto('/report?elder=1');
      await indicator(page).waitFor({ timeout: 30_000 });
      assert.equal((await indicator(page).textContent()).trim(), words.step(1));
      assert.equal(await visibleSteps(page).count(), 1);
      assert.equal(await page.getByTestId('report-step-back').count(), 0, 'no "Back" on the first step');
      const next = page.getByTestId('report-step-next');
      assert.equal((await next.textContent()).trim(), words.next);
      const box = await next.boundingBox();
      assert.ok(box.height >= 60 && box.width >= 60, `"Next" is ${box.width}×${box.height} px`);

      // Nothing chosen: "Next" shows the category's error, linked to the step, and stays.
      await page.locator('li[data-service-code="dead_fish"]').waitFor({ timeout: 30_000 });
      await next.click();
      const error = page.locator('#report-service-error');
      await error.waitFor({ timeout: 5_000 });
      assert.ok((await error.textContent()).trim().length > 0, 'the error has words');
      assert.match((await page.locator('#report-service').getAttribute('aria-describedby')) ?? '', /report-service-error/);
      assert.equal((await indicator(page).textContent()).trim(), words.step(1), 'moved on with nothing chosen');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'report-service', 'focus on the step with the error');

      await page.locator('li[data-service-code="dead_fish"] input').click();
      await page.locator('#report-attr-fish_count').selectOption('dozens', { timeout: 30_000 });
      await next.click();
      await atStep(page, words, 2);
      assert.equal(await error.count(), 0, 'the answered error stays on screen');
      await page.getByTestId('report-locate').click();
      await page.locator('#report-where-status').filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
      await next.click();
      await atStep(page, words, 3);
      await page.getByTestId('report-description').fill(words.text);
      await next.click();
      await atStep(page, words, 4);
      await next.click();
      await atStep(page, words, 5);
      await next.click();
      await atStep(page, words, 6);
      assert.equal(await next.count(), 0, 'no "Next" on the last step');
      const back = page.getByTestId('report-step-back');
      assert.equal((await back.textContent()).trim(), words.back);
      await back.click();
      await atStep(page, words, 5);
      await next.click();
      await atStep(page, words, 6);
      assert.ok((await page.getByTestId('report-review').textContent()).includes(words.text), 'review shows the text');

      await page.getByTestId('report-submit').click();
      const result = page.getByTestId('report-result');
      await result.waitFor({ timeout: 30_000 });
      const id = await result.getAttribute('data-request-id');
      const [filed] = await getJson(`${e2e.server.url}/open311/v2/requests/${id}.json`);
      assert.equal(filed.service_code, 'dead_fish');
      assert.equal(filed.description, words.text);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('Enter in an earlier step moves on instead of sending; standard mode keeps every step on one page', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: NANBIN, locale: 'en' });
  try {
    await page.goto('/report?elder=1');
    await page.locator('li[data-service-code="dead_fish"] input').click({ timeout: 30_000 });
    await page.locator('#report-attr-fish_count').selectOption('dozens', { timeout: 30_000 });
    await page.getByTestId('report-step-next').click();
    await atStep(page, WORDS.en, 2);
    await page.locator('#report-address').fill('Nanbin Road, by the steps');
    await page.locator('#report-address').press('Enter');
    await atStep(page, WORDS.en, 3);
    assert.equal(await page.getByTestId('report-result').count(), 0, 'Enter sent the report');

    await page.goto('/report?elder=0');
    await page.getByTestId('report-submit').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('report-step-indicator').count(), 0);
    assert.equal(await page.getByTestId('report-step-next').count(), 0);
    assert.equal(await page.locator('.form-step').count(), 0);
    assert.equal(await page.locator('form fieldset.step:visible').count() >= 6, true, 'every step on one page');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
