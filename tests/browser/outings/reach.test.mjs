// Reach and dormant relais in a real browser: the coordinator's pages pass axe and fit a 375 px phone
// screen; the dashboard's panel leads to them; the relance button is one click.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { networkWideCoordinator } from '../../integration/bookings_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  await networkWideCoordinator(server);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the reach and dormant relais pages are accessible on a phone and a laptop', { timeout: 120000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await page.goto(server.url + '/tableau-de-bord');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /relais en sommeil/ }).first().click()]);
    assert.equal(await page.locator('h1').innerText(), 'Relais en sommeil');
    // The demo: a relais that never booked, a partnership ending within 60 days.
    assert.match(await mainText(page), /Centre social de Choisy-le-Roi \(fictif\)/);
    assert.match(await mainText(page), /Épicerie solidaire de Villejuif \(fictive\)/);
    await expectNoHorizontalScroll(page, `relais en sommeil @${viewport.width}`);
    await expectAccessible(page, `relais en sommeil @${viewport.width}`);

    await page.goto(server.url + '/sorties/portee');
    assert.equal(await page.locator('h1').innerText(), 'Personnes touchées');
    await page.getByLabel('Du', { exact: true }).fill('2024-01-01');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Afficher' }).click()]);
    assert.match(page.url(), /du=2024-01-01/);
    await expectNoHorizontalScroll(page, `portée @${viewport.width}`);
    await expectAccessible(page, `portée @${viewport.width}`);
    await context.close();
  }
});
