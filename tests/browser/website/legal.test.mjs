// The legal pages in a real browser, at 360 px and at 1280 px: an anonymous visitor reaches the
// accessibility statement from the footer (« Accessibilité : non conforme »), reads its sections and the
// multi-year plan; an administrator completes the statement (partiellement conforme, 72,5 %), previews it
// and saves it, and the footer follows. axe finds no serious violation and nothing scrolls sideways.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function check(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
}

for (const [size, viewport] of [['phone', PHONE_360], ['laptop', LAPTOP]]) {
  test(`the accessibility statement @${size}`, { timeout: 180000 }, async () => {
    const server = await startTrame({ smtp: false });
    const { context, page } = await newPage(browser, { viewport });
    try {
      await page.goto(server.url + '/formations');
      const footerLink = page.locator('footer').getByRole('link', { name: 'Accessibilité : non conforme' });
      await footerLink.scrollIntoViewIfNeeded();
      assert.ok(await footerLink.isVisible(), 'the footer says the status');
      await Promise.all([page.waitForNavigation(), footerLink.click()]);
      assert.match(page.url(), /\/accessibilite$/);
      const text = await mainText(page);
      for (const h of ['État de conformité', 'Résultats des tests', 'Contenus non accessibles', 'Voies de recours'])
        assert.ok(text.includes(h), h);
      await check(page, `statement @${size}`);

      await page.goto(server.url + '/accessibilite/schema-pluriannuel');
      assert.match(await mainText(page), /Plan d'actions/);
      await check(page, `plan @${size}`);
      for (const path of ['/mentions-legales', '/confidentialite']) {
        await page.goto(server.url + path);
        await check(page, `${path} @${size}`);
      }

      await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
      await page.goto(server.url + '/admin/site/mentions');
      assert.match(await mainText(page), /Champs à compléter/);
      await check(page, `legal admin @${size}`);
      await page.goto(server.url + '/admin/site/mentions/accessibilite');
      await page.getByLabel('Nom de l\'entité qui s\'engage').fill('Le Département de Loire-Atlantique');
      await page.getByLabel('État de conformité').selectOption('partiel');
      await page.getByLabel('Taux de conformité (%)').fill('72,5');
      await page.getByLabel('Date de l\'audit').fill('2027-03-15');
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Aperçu' }).click()]);
      assert.match(await page.locator('#apercu').innerText(), /72,5 % des critères/);
      await check(page, `legal form with preview @${size}`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).click()]);
      assert.match(await page.locator('.flash-success').innerText(), /Page enregistrée/);
      await page.goto(server.url + '/accessibilite');
      assert.match(await mainText(page), /Ce site est partiellement conforme/);
      assert.ok(await page.locator('footer').getByRole('link', { name: 'Accessibilité : partiellement conforme' }).count() === 1);
      await check(page, `statement saved @${size}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
