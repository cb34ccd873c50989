// Chinese first, English on request, and the choice survives a reload (kept in localStorage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage } from './harness.mjs';

const e2e = useServerAndBrowser();

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);

async function visibleText(page) {
  return {
    toggle: (await page.getByTestId('lang-switch').textContent()).trim(),
    body: await page.evaluate(() => document.body.innerText),
  };
}

async function waitForLang(page, lang) {
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 });
}

test('language switch flips <html lang>, changes the words on screen and is remembered', async () => {
  const { page, context, errors } = await openPage(e2e.browser, e2e.server, { position: null, locale: 'zh-CN' });
  try {
    await page.goto('/');
    await page.getByTestId('lang-switch').waitFor({ timeout: 30_000 });
    await waitForLang(page, 'zh-CN');
    const zh = await visibleText(page);
    assert.match(zh.body, /[\u4e00-\u9fff]/, 'the Chinese page shows no Chinese text');

    await page.getByTestId('lang-switch').click();
    await waitForLang(page, 'en');
    const en = await visibleText(page);
    assert.notEqual(en.toggle, zh.toggle, 'the toggle label did not change');
    assert.notEqual(en.body, zh.body, 'no visible text changed');
    assert.equal(await page.evaluate(() => localStorage.getItem('qingshui.lang')) !== null, true, 'choice not stored');

    await page.reload();
    await page.getByTestId('lang-switch').waitFor({ timeout: 30_000 });
    await waitForLang(page, 'en');
    assert.equal((await visibleText(page)).toggle, en.toggle, 'English not remembered after reload');

    await page.getByTestId('lang-switch').click();
    await waitForLang(page, 'zh-CN');
    await page.reload();
    await page.getByTestId('lang-switch').waitFor({ timeout: 30_000 });
    await waitForLang(page, 'zh-CN');
    assert.equal((await visibleText(page)).toggle, zh.toggle, 'Chinese not remembered after reload');
    assert.deepEqual(errors, [], 'the page threw');
  } finally {
    await context.close();
  }
});
