// Dashboards and open data in a real browser: /rapports for a coordinator and a referent at 360 px and
// 1280 px (no horizontal scroll, axe: no serious violation, the chart's SVG named by its title), and the
// public open-data page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame, parisYear } from '../../integration/harness.mjs';
import { networkWideCoordinator } from '../../integration/bookings_fixtures.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
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

test('/rapports is accessible for a coordinator and a referent, on a phone and a laptop', { timeout: 180000 }, async () => {
  for (const [who, block] of [[DEMO.coordinator, 'Le réseau'], [DEMO.referent, 'Mon relais']]) {
    for (const viewport of [PHONE_360, LAPTOP]) {
      const { context, page } = await newPage(browser, { viewport });
      await login(page, server.url, who, DEMO_PASSWORD);
      await page.goto(server.url + '/rapports');
      assert.equal(await page.locator('h1').innerText(), 'Rapports');
      assert.equal(await page.getByRole('heading', { level: 2, name: block }).count(), 1);
      assert.ok(await page.getByRole('img').filter({ has: page.locator('title') }).count() >= 1, 'the chart is an image with a title');
      await page.getByLabel('Du', { exact: true }).fill(`${parisYear() - 1}-01-01`);
      await page.getByLabel('Au', { exact: true }).fill(`${parisYear() - 1}-12-31`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Afficher' }).click()]);
      assert.match(page.url(), /du=\d{4}-01-01/);
      await expectNoHorizontalScroll(page, `rapports ${who} @${viewport.width}`);
      await expectAccessible(page, `rapports ${who} @${viewport.width}`);
      await context.close();
    }
  }
});

test('the open-data page is public and accessible', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_360 });
  await page.goto(server.url + '/donnees-ouvertes');
  assert.equal(await page.locator('h1').innerText(), 'Données ouvertes');
  await expectNoHorizontalScroll(page, 'données ouvertes @360');
  await expectAccessible(page, 'données ouvertes @360');
  await context.close();
});
