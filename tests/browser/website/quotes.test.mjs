// The public site's quotes at phone size (360 px): the communication role's list, the form (refused
// without its consent, the message tied to the field), the picking of the outings' and trainees' consented quotes,
// and the programme's public page showing the demo's quotes; every page on screen and passing axe.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { expectAccessible, expectActionsOnScreen, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('communication @360: the quotes list, the form and the outings picking are usable and accessible', { timeout: 180000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_360 });
  await login(page, server.url, 'communication@loire-atlantique.local', DEMO_PASSWORD);
  for (const path of ['/admin/citations', '/admin/citations/nouvelle', '/admin/citations/sorties', '/admin/citations/formations']) {
    await page.goto(server.url + path);
    await expectActionsOnScreen(page, path);
    await expectAccessible(page, path);
  }

  await page.goto(`${server.url}/admin/citations`);
  assert.ok(await page.locator('tr.quote-row').count() >= 4, 'the demo quotes are listed');

  await page.goto(`${server.url}/admin/citations/nouvelle`);
  await page.getByLabel('Citation', { exact: true }).fill('La formation nous a donné un langage commun.');
  await page.getByLabel('Auteur ou autrice').fill("Un animateur, Pays d'Ancenis");
  // Without the browser's own checks, the server refuses it: no quote without its consent.
  await page.locator('form.panel').evaluate((f) => { f.noValidate = true; });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await assert.doesNotReject(page.locator('#error-summary').waitFor());
  assert.match(await page.locator('#error-summary').innerText(), /pas de citation sans consentement/);
  assert.equal(await page.locator('#quote-consent-on').getAttribute('aria-invalid'), 'true');
  await expectAccessible(page, 'form refused');

  await page.locator('#quote-consent-on').fill('2025-02-03');
  await page.getByLabel('Comment il a été donné').fill('oral, enregistré par la chargée de communication');
  await page.locator('form.panel').evaluate((f) => { f.noValidate = true; });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/\/admin\/citations\/\d+$/);
  await expectActionsOnScreen(page, 'quote page');
  await expectAccessible(page, 'quote page');
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.waitForURL(/\/admin\/citations\/\d+$/);
  assert.equal((await page.locator('#quote-status').innerText()).trim(), 'Publiée');
  await context.close();
});

test('visitor @360: the programme page shows the quotes of its participants', { timeout: 60000 }, async () => {
  const programme = querySql(server.database, "SELECT MIN(id) FROM training_programmes WHERE title = 'Formation-action culture/social'");
  const { context, page } = await newPage(browser, { viewport: PHONE_360 });
  await page.goto(`${server.url}/formations/programmes/${programme}`);
  assert.ok(await page.locator('#programme-quotes figure').count() >= 4);
  await expectActionsOnScreen(page, 'programme');
  await expectAccessible(page, 'programme');
  await context.close();
});
