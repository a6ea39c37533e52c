// The data protection officer's page of sensitive reads in a real browser, at 375 px and 1280 px: the
// filters by their labels, the table of reads, a bad date's message; no horizontal scroll, axe: no
// serious violation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const DPO = 'dpo@loire-atlantique.local';
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  // A referent reads their beneficiaries: one sensitive read to show.
  const referent = new Client(server.url);
  assert.equal((await referent.login(DEMO.referent, DEMO_PASSWORD)).status, 303);
  assert.equal((await referent.get('/sorties/beneficiaires')).status, 200);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('/admin/vie-privee/lectures is accessible on a phone and a laptop', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DPO, DEMO_PASSWORD);
    await page.goto(server.url + '/admin/vie-privee/lectures');
    assert.equal(await page.locator('h1').innerText(), 'Lectures de données sensibles');
    await page.getByLabel('Personne qui a lu').fill(DEMO.referent);
    await page.getByLabel('Type de dossier').selectOption('beneficiary');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Filtrer' }).click()]);
    assert.match(page.url(), /type=beneficiary/);
    assert.ok(await page.getByRole('cell', { name: DEMO.referent }).count() >= 1, 'the read is listed');
    await expectNoHorizontalScroll(page, `lectures @${viewport.width}`);
    await expectAccessible(page, `lectures @${viewport.width}`);
    // A bad period: its message, still accessible.
    await page.goto(server.url + '/admin/vie-privee/lectures?du=2026-03-02&au=2026-03-01');
    assert.match(await page.getByRole('alert').innerText(), /La date de fin doit suivre la date de début/);
    await expectAccessible(page, `lectures erreur @${viewport.width}`);
    await context.close();
  }
});
