// Nothing a user needs is off-screen on a phone (issue 14): every page of the directory, territories and
// partnerships, at 390 px, keeps its links, buttons and fields inside the viewport (lists whose rows carry
// an action or a status are stacked cards) and passes axe.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { PHONE_390, expectAccessible, expectActionsOnScreen, launch, login, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false, env: { TRAME_MAP_TILES_URL: '' } }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The first link of a page whose href matches, as a path.
async function firstLink(page, path, pattern) {
  await page.goto(server.url + path);
  const hrefs = await page.locator('main a[href]').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  return hrefs.find((h) => pattern.test(h));
}

for (const who of ['administrator', 'coordinator']) {
  test(`${who} @390: the network's pages keep their actions on screen`, { timeout: 240000 }, async () => {
    const { context, page } = await newPage(browser, { viewport: PHONE_390 });
    await login(page, server.url, DEMO[who], DEMO_PASSWORD);
    const paths = ['/annuaire', '/annuaire?commune=ancenis', '/annuaire?commune=villeneuve', '/annuaire/carte',
      '/admin/organisations', '/annuaire/partenariats', '/annuaire/partenariats/nouveau', '/territoires',
      '/territoires/communes/44003', '/annuaire/personnes', '/annuaire/public'];
    paths.push(await firstLink(page, '/annuaire/partenariats', /^\/annuaire\/partenariats\/\d+$/));
    paths.push(await firstLink(page, '/territoires', /^\/territoires\/delegations\/\d+$/));
    paths.push(await firstLink(page, '/territoires/communes/44003', /^\/territoires\/epci\/\d+$/));
    paths.push(await firstLink(page, '/annuaire?q=theatre', /^\/annuaire\/structures\/\d+$/));
    paths.push((await firstLink(page, '/annuaire?q=theatre', /^\/annuaire\/structures\/\d+$/)).replace('/annuaire/structures/', '/admin/organisations/'));
    if (who === 'administrator') paths.push('/annuaire/import');
    for (const path of paths) {
      assert.ok(path, `a page to visit is missing: ${paths.join(' ')}`);
      await page.goto(server.url + path);
      await expectActionsOnScreen(page, `${who} ${path}`);
      await expectAccessible(page, `${who} ${path}`);
    }
    await context.close();
  });
}
