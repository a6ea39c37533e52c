// The school calendar and the allocations' day rules in a real browser: the calendar page, its upload
// preview and the allocation's form and page pass axe (no serious or critical violation) and fit 375 px
// and 1280 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, ROOT, TMP, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the calendar, its upload preview and an allocation\'s day rules fit a phone and a laptop and pass axe', { timeout: 180000 }, async () => {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, 'vacances-navigateur.csv');
  fs.copyFileSync(path.join(ROOT, 'data/school_holidays.csv'), file);
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
    for (const p of ['/sorties/calendrier', '/sorties/calendrier?zone=C', '/sorties/contingents/2', '/sorties/contingents/2/modifier']) {
      const res = await page.goto(server.url + p);
      assert.equal(res.status(), 200, p);
      await expectNoHorizontalScroll(page, `${p} @${viewport.width}`);
      await expectAccessible(page, `${p} @${viewport.width}`);
    }
    await page.goto(server.url + '/sorties/calendrier');
    await page.getByLabel('Fichier CSV').setInputFiles(file);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Vérifier et prévisualiser' }).click()]);
    assert.match(await mainText(page), /60 périodes à enregistrer/);
    await expectNoHorizontalScroll(page, `preview @${viewport.width}`);
    await expectAccessible(page, `preview @${viewport.width}`);
    await context.close();
  }
});
