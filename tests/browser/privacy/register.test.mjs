// The processing register in a real browser: the data protection officer reaches it from the menu's privacy
// home on a 375 px phone; both pages pass axe and fit the screen, and the CSV and the DPIA's PDF are
// downloads (the PDF's first bytes are %PDF).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_375 = { width: 375, height: 740 };
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

test('the dpo opens the register from the privacy home and downloads its exports', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_375, acceptDownloads: true });
  await login(page, server.url, DPO, DEMO_PASSWORD);
  await page.goto(server.url + '/admin/vie-privee');
  assert.equal(await page.locator('h1').innerText(), 'Vie privée');
  await expectNoHorizontalScroll(page, 'privacy home @375');
  await expectAccessible(page, 'privacy home @375');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Registre des traitements' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Registre des traitements');
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Sorties solidaires' }).count(), 1);
  await expectNoHorizontalScroll(page, 'register @375');
  await expectAccessible(page, 'register @375');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger le registre (CSV)' }).click(),
  ]);
  assert.equal(csv.suggestedFilename(), 'registre-des-traitements.csv');
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /support de l'analyse d'impact/ }).click(),
  ]);
  assert.equal(fs.readFileSync(await pdf.path()).subarray(0, 5).toString(), '%PDF-');
  await context.close();
});
