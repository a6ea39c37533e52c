// The retention page (/admin/vie-privee/conservation) in a real browser, for the data protection officer:
// at 360 px and 1280 px (no horizontal scroll, axe: no serious violation); « Appliquer maintenant »
// without its confirmation says why and changes nothing, with it applies the rules (a flash).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
const DPO = 'dpo@loire-atlantique.local';
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the retention page is accessible on a phone and a laptop; applying needs the confirmation', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE_360, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DPO, DEMO_PASSWORD);
    await page.goto(server.url + '/admin/vie-privee/conservation');
    assert.equal(await page.locator('h1').innerText(), 'Durées de conservation');
    assert.equal(await page.locator('#rule-beneficiaries').count(), 1);
    await expectNoHorizontalScroll(page, `conservation @${viewport.width}`);
    await expectAccessible(page, `conservation @${viewport.width}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Appliquer maintenant' }).click()]);
    assert.match(await page.locator('#error-summary').innerText(), /Cochez la case de confirmation/);
    await expectAccessible(page, `conservation refusée @${viewport.width}`);
    await page.getByLabel(/Je confirme/).check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Appliquer maintenant' }).click()]);
    assert.match(page.url(), /\/admin\/vie-privee\/conservation$/);
    assert.match(await page.locator('main').innerText(), /Règles de conservation appliquées/);
    await context.close();
  }
});
