// Keyboard only: a resident without a pointer chooses a district and opens a station, and files a report, with
// Tab, Shift+Tab, Enter, Space, the arrow keys and typing. At every focus stop the focus must be visible (an
// outline or a box-shadow on the focused element) and not hidden (inside the viewport and not covered by
// another element, e.g. a sticky header); status changes are announced by a live region without moving focus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, waitForStationList } from './harness.mjs';

/** Chaotianmen, where the reports of this file are filed (a place of its own: a fresh server anyway). */
const RIVERBANK = { lat: 29.5665, lon: 106.587 };
/** Tab presses allowed to reach one target; the longest way (report form to the send button) needs ~30. */
const MAX_TABS = 80;

const e2e = useServerAndBrowser();

/**
 * The focused element, how it shows its focus and whether it can be seen: `why` is empty when the focus is
 * visible and unobscured, else says what is wrong.
 */
async function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { why: 'nothing is focused' };
    const name = `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${
      el.dataset.testid ? ` data-testid="${el.dataset.testid}"` : ''
    }> "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    const problems = [];
    if (!outline && !shadow) problems.push(`no focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow})`);
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) problems.push('it has no size');
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) {
      problems.push(`its centre (${x.toFixed(0)}, ${y.toFixed(0)}) is outside the ${innerWidth}×${innerHeight} viewport`);
    } else {
      const hit = document.elementFromPoint(x, y);
      const mine = hit && (hit === el || el.contains(hit) || [...(el.labels ?? [])].some((l) => l.contains(hit)));
      if (!mine) problems.push(`covered by <${hit?.tagName.toLowerCase()} class="${hit?.className}">`);
    }
    return { name, why: problems.join('; ') };
  });
}

/** Asserts the current focus is visible and unobscured; returns its description. */
async function assertFocusVisible(page, step) {
  const f = await focusState(page);
  assert.equal(f.why, '', `${step}: focus on ${f.name ?? 'nothing'} is not visible: ${f.why}`);
  return f.name;
}

/**
 * Presses Tab (or Shift+Tab) until `isTarget(activeElement)` holds, checking the focus at every stop;
 * fails after MAX_TABS presses with the stops it went through.
 */
async function tabTo(page, what, isTarget, arg, { backwards = false } = {}) {
  const stops = [];
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    stops.push(await assertFocusVisible(page, `tabbing to ${what}`));
    if (await page.evaluate(isTarget, arg)) return;
  }
  assert.fail(`${what} not reached in ${MAX_TABS} ${backwards ? 'Shift+Tab' : 'Tab'} presses; stops: ${stops.join(', ')}`);
}

test('keyboard: choose a district, then open the first station of the list', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: null, locale: 'en' });
  try {
    await page.goto('/');
    await page.getByTestId('district-select').waitFor({ timeout: 30_000 });
    await tabTo(page, 'the district select', () => document.activeElement?.dataset.testid === 'district-select');

    // On a closed select the arrow keys choose (and announce) the next option at once.
    await page.keyboard.press('ArrowDown');
    const chosen = await page.getByTestId('district-select').inputValue();
    assert.notEqual(chosen, '', 'ArrowDown on the district select chose nothing');
    await page.locator('[data-testid="station-list"][aria-busy="false"] li[data-station-id]').first().waitFor({
      timeout: 60_000,
    });
    await waitForStationList(page);
    const status = page.getByTestId('nearby-status');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.match((await status.textContent()).trim(), /\d+ stations near/, 'the count is not announced');
    assert.equal(
      await page.evaluate(() => document.activeElement?.dataset.testid),
      'district-select',
      'loading the list moved the focus away from the select',
    );
    await assertFocusVisible(page, 'after choosing a district');

    // The list is above the picker: back to its first card.
    const firstId = await page.evaluate(
      () => document.querySelector('[data-testid="station-list"] li[data-station-id]').dataset.stationId,
    );
    await tabTo(
      page,
      'the first station card',
      (id) => document.activeElement?.closest('li[data-station-id]')?.dataset.stationId === id,
      firstId,
      { backwards: true },
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/station/${firstId}`, { timeout: 30_000 });
    await page.getByTestId('station-title').waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});

test('keyboard: from the home page to a filed report, without a pointer', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: RIVERBANK, locale: 'en' });
  // Reports are stamped with the server's clock: the phone's is pinned to the same instant.
  await page.clock.setFixedTime(new Date());
  try {
    await page.goto('/');
    await page.getByTestId('report-link').waitFor({ timeout: 30_000 });
    await tabTo(page, 'the report link', () => document.activeElement?.dataset.testid === 'report-link');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/report', { timeout: 30_000 });
    await page.locator('input[name="service_code"]').first().waitFor({ timeout: 30_000 });

    // Category: Tab into the radio group, Space to choose, arrows to move to "water colour".
    await tabTo(page, 'the category radios', () => document.activeElement?.name === 'service_code');
    await page.keyboard.press('Space');
    const checkedCode = () =>
      page.evaluate(() => document.querySelector('input[name="service_code"]:checked')?.closest('li')?.dataset.serviceCode);
    assert.ok(await checkedCode(), 'Space did not choose a category');
    for (let i = 0; i < 12 && (await checkedCode()) !== 'water_colour'; i++) {
      await page.keyboard.press('ArrowDown');
      await assertFocusVisible(page, 'moving through the categories');
    }
    assert.equal(await checkedCode(), 'water_colour', 'the arrow keys did not reach "water colour"');

    // Place: the locate button, pressed with Enter; the result is announced, the focus stays.
    await tabTo(page, 'the locate button', () => document.activeElement?.dataset.testid === 'report-locate');
    await page.keyboard.press('Enter');
    await page.locator('#report-where-status').filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'report-locate');

    await tabTo(page, 'the description', () => document.activeElement?.id === 'report-description');
    await page.keyboard.type('Brown water along the bank since this morning.');

    await tabTo(page, 'the send button', () => document.activeElement?.dataset.testid === 'report-submit');
    await page.keyboard.press('Enter');
    const result = page.getByTestId('report-result');
    await result.waitFor({ timeout: 30_000 });
    assert.match((await result.getAttribute('data-request-id')) ?? '', /^\w+$/);
    await page
      .waitForFunction(() => document.activeElement?.id === 'report-result-heading', null, { timeout: 5_000 })
      .catch(() => assert.fail('focus is not on the confirmation heading'));
    // The heading is focused by script after a keyboard action: it must show it, like any other stop.
    await assertFocusVisible(page, 'the confirmation heading');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
