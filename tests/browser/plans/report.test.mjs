// The yearly report in a real browser: the network's coordinator opens the demo plan on a 375 px phone, the
// report's form passes axe and fits the screen, picks 2024 and downloads the PDF (a download, not a page:
// Content-Disposition attachment), whose first bytes are %PDF.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_375 = { width: 375, height: 740 };
const COORDINATOR = 'animation@culturesducoeur94.local';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the coordinator picks 2024 on the plan and downloads its PDF report', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_375, acceptDownloads: true });
  await login(page, server.url, COORDINATOR, DEMO_PASSWORD);
  await page.goto(server.url + '/plans');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Perspectives 2023-2024' }).click()]);
  const report = page.getByRole('region', { name: "Rapport d'activité annuel" });
  assert.equal(await report.count(), 1);
  await expectNoHorizontalScroll(page, 'plan with its report form @375');
  await expectAccessible(page, 'plan with its report form @375');
  await page.getByLabel('Année du rapport').selectOption('2024');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: "Rapport d'activité (PDF)" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'rapport-activite-cultures-du-coeur-94-2024.pdf');
  const file = await download.path();
  assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  await context.close();
});
