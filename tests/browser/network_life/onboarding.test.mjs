// Referents' onboarding in a real browser, on a phone (390 px) and a laptop (1280 px): the network's
// coordinator finds the relais without an onboarded referent from the dashboard, opens one, then the list of
// old onboardings; the demo referent opens their relais's page and finds themself among its onboarded
// referents. Every page passes axe (no serious or critical violation) and fits the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './onboarding_fixtures.mjs';

let server, browser, relais;
before(async () => {
  ({ server, browser } = await start());
  relais = querySql(server.database, "SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
});
after(() => stop(server, browser));

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`the coordinator follows the relais' onboarding and a referent reads their relais, at ${size} px`, { timeout: 60000 }, async () => {
    const coordinator = await newPage(browser, { viewport });
    let page = coordinator.page;
    await login(page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await page.goto(`${server.url}/tableau-de-bord`);
    assert.match(await mainText(page), /Relais sans référent formé/);
    await page.goto(`${server.url}/evenements/referents`);
    await checked(page, `relais sans référent formé @${size}`);
    assert.match(await mainText(page), /relais sans référent formé/);
    const first = page.locator('#relais-without tbody a').first();
    if (await first.count()) {
      await click(page, first);
      await checked(page, `relais @${size}`);
      assert.match(await mainText(page), /Référents formés/);
    }
    await page.goto(`${server.url}/evenements/referents/anciens`);
    await checked(page, `formations anciennes @${size}`);
    assert.match(await mainText(page), /plus de 3 ans/);
    await coordinator.context.close();

    const referent = await newPage(browser, { viewport });
    page = referent.page;
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    await page.goto(`${server.url}/evenements/relais/${relais}`);
    await checked(page, `mon relais @${size}`);
    const text = await mainText(page);
    assert.match(text, /Référents formés — Cultures du Cœur 94|Référents formés/);
    assert.ok(await page.locator('#onboarded-referents').count(), 'the onboarded referents\' table');
    await referent.context.close();
  });
}
