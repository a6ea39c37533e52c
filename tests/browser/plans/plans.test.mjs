// Plans in a real browser: the demo plan « Perspectives 2023-2024 » passes axe and fits a 360 px phone
// and a 1280 px laptop; its progress is written in text beside the bar; a measure is recorded with its
// source from the page (the network's coordinator).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
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

test('the demo plan is accessible on a phone and a laptop, and a measure is recorded', { timeout: 120000 }, async () => {
  for (const viewport of [PHONE_360, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, COORDINATOR, DEMO_PASSWORD);
    await page.goto(server.url + '/plans');
    assert.equal(await page.locator('h1').innerText(), 'Plans');
    await expectNoHorizontalScroll(page, `plans @${viewport.width}`);
    await expectAccessible(page, `plans @${viewport.width}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Perspectives 2023-2024' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Perspectives 2023-2024');
    assert.equal(await page.locator('h2[id^="axis-"]').count(), 4);
    assert.match(await mainText(page), /Progression : 100 % de la cible/);
    await expectNoHorizontalScroll(page, `plan @${viewport.width}`);
    await expectAccessible(page, `plan @${viewport.width}`);
    await context.close();
  }

  // Record a measure of the impact study (by hand) from the page.
  const { context, page } = await newPage(browser, { viewport: LAPTOP });
  await login(page, server.url, COORDINATOR, DEMO_PASSWORD);
  await page.goto(server.url + '/plans');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Perspectives 2023-2024' }).click()]);
  const study = page.locator('li[id^="indicator-"]', { hasText: "Étude d'impact" });
  await study.getByLabel('Valeur mesurée').fill('2');
  await study.getByLabel('Date de la mesure').fill('2024-03-15');
  await study.getByLabel('Source (obligatoire)').fill('Compte rendu du comité DLA');
  await Promise.all([page.waitForNavigation(), study.getByRole('button', { name: 'Enregistrer la mesure' }).click()]);
  assert.match(await mainText(page), /La mesure est enregistrée/);
  const after = page.locator('li[id^="indicator-"]', { hasText: "Étude d'impact" });
  assert.match(await after.innerText(), /Progression : 50 % de la cible/);
  await expectAccessible(page, 'plan after a measure');
  await context.close();
});
