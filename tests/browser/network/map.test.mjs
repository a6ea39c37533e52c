// The directory's map in a real browser, with the tile server unreachable (a closed loopback port):
// the page says so in French, still lists the organisations, places markers for those with
// coordinates, passes axe, and our code logs no console error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, freePort, startTrame } from '../../integration/harness.mjs';
import { expectAccessible, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
let tiles;
before(async () => {
  const closedPort = await freePort();  // nothing listens there: every tile fails
  tiles = `http://127.0.0.1:${closedPort}`;
  [server, browser] = await Promise.all([
    startTrame({ smtp: false, env: { TRAME_MAP_TILES_URL: `${tiles}/{z}/{x}/{y}.png` } }),
    launch(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Places an organisation through its edit form, as an administrator would.
async function place(page, query, name, latitude, longitude) {
  await page.goto(`${server.url}/annuaire?q=${encodeURIComponent(query)}`);
  const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
  const id = href.match(/\d+$/)[0];
  await page.goto(`${server.url}/admin/organisations/${id}`);
  await page.fill('#org-latitude', latitude);
  await page.fill('#org-longitude', longitude);
  await Promise.all([page.waitForNavigation(), page.locator(`form[action="/admin/organisations/${id}"] button[type="submit"]`).click()]);
  assert.match(await mainText(page), /Structure mise à jour/);
}

test('the map works without tiles: French status, markers, the full list, axe', { timeout: 90000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
  await place(page, 'quartier libre', 'Théâtre Quartier Libre', '47,3667', '-1,1775');
  await place(page, 'guimard', 'Espace culturel Paul Guimard', '47.3652', '-1.1801');

  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url || '';
    if (where.startsWith(tiles)) return;  // the unreachable tile server, on purpose
    problems.push(`console: ${m.text()} (${where})`);
  });

  await page.goto(`${server.url}/annuaire`);
  await page.selectOption('#type', 'cultural');
  await page.fill('#commune', '44003');
  await Promise.all([page.waitForNavigation(), page.locator('main form[role="search"] button[type="submit"]').click()]);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Voir ces structures sur la carte' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/annuaire/carte');
  assert.equal(await page.locator('h1').innerText(), 'Carte des structures');

  const status = page.locator('#map-status');
  await page.waitForFunction(() => /n'a pas pu être chargé/.test(document.getElementById('map-status').textContent)
    && /placées? sur la carte/.test(document.getElementById('map-status').textContent));
  assert.match(await status.innerText(), /Le fond de carte n'a pas pu être chargé .*La liste ci-dessous reste complète\. 2 structures placées sur la carte\./);

  const markers = page.locator('#map .leaflet-marker-icon');
  assert.equal(await markers.count(), 2);
  assert.deepEqual((await markers.evaluateAll((els) => els.map((e) => e.getAttribute('alt')))).sort(),
    ['Espace culturel Paul Guimard', 'Théâtre Quartier Libre']);
  assert.ok((await page.locator('#map').boundingBox()).height > 200, 'the map has a height');

  const items = page.locator('ul.map-list li');
  assert.equal(await items.count(), 3);
  assert.match(await page.locator('ul.map-list').innerText(), /Réseau des bibliothèques du Pays d'Ancenis — Ancenis-Saint-Géréon .*sans position sur la carte/);

  // A marker's popup leads to the directory entry.
  await page.locator('#map .leaflet-marker-icon[alt="Théâtre Quartier Libre"]').click();
  const link = page.locator('.leaflet-popup-content a');
  assert.equal(await link.innerText(), 'Voir la fiche : Théâtre Quartier Libre');
  assert.match(await link.getAttribute('href'), /^\/annuaire\/structures\/\d+$/);

  // axe measures contrast once the popup has faded in.
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  await expectAccessible(page, 'carte sans fond');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript the map page says so and still lists the organisations', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false });
  await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
  await page.goto(`${server.url}/annuaire/carte?q=ancenis`);
  assert.match(await page.locator('#map-status').innerText(), /La carte a besoin de JavaScript/);
  assert.ok(await page.locator('ul.map-list li').count() >= 3);
  await context.close();
});
