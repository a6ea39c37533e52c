// The network's day in a real browser, at 390 px and at 1280 px (issue 14, "Done when"): the
// coordinator reads the network alerts on /tableau-de-bord and fixes one (places the Réseau des
// bibliothèques on the map: a click on the edit form's map fills the coordinates, then typed ones are
// saved), then searches her directory by a town's name; an anonymous visitor searches the public
// directory by a town's name and opens an entry. Every page passes axe and keeps its actions on
// screen; the coordinator's dashboard is saved at phone size
// (build/screenshots/coordinator-network-dashboard-phone.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, freePort, startTrame } from '../../integration/harness.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, launch, login, mainText, newPage, screenshot,
} from '../browser.mjs';

let browser;
let tiles;
before(async () => {
  tiles = `http://127.0.0.1:${await freePort()}`;  // nothing listens there: the map works without tiles
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function check(page, label) {
  await expectAccessible(page, label);
  await expectActionsOnScreen(page, label);
}

async function follow(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['phone', PHONE_390], ['laptop', LAPTOP]]) {
  test(`coordinator @${size}: reads the network alerts and places an organisation on the map`, { timeout: 180000 }, async () => {
    // A server of its own: the alert fixed at one size is there again at the other.
    const server = await startTrame({ smtp: false, env: { TRAME_MAP_TILES_URL: `${tiles}/{z}/{x}/{y}.png` } });
    const { context, page } = await newPage(browser, { viewport });
    try {
      await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
      await page.goto(server.url + '/tableau-de-bord');
      const panel = page.locator('section[aria-labelledby="dash-network-alerts"]');
      assert.match(await panel.innerText(), /Réseau : à surveiller/);
      assert.match(await panel.innerText(), /À placer sur la carte : Réseau des bibliothèques du Pays d'Ancenis/);
      await check(page, `coordinator dashboard @${size}`);
      if (size === 'phone') await screenshot(page, 'coordinator-network-dashboard-phone');

      await follow(page, panel.getByRole('link', { name: "À placer sur la carte : Réseau des bibliothèques du Pays d'Ancenis" }));
      assert.match(page.url(), /\/admin\/organisations\/\d+#org-latitude$/);
      await check(page, `organisation @${size}`);
      // With JavaScript, a click on the map fills both fields near the town (Ancenis-Saint-Géréon).
      const map = page.locator('#pick-map');
      await map.scrollIntoViewIfNeeded();
      await page.waitForSelector('#pick-map.leaflet-container');
      const box = await map.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction(() => document.getElementById('org-latitude').value !== '');
      const clicked = [Number(await page.inputValue('#org-latitude')), Number(await page.inputValue('#org-longitude'))];
      assert.ok(Math.abs(clicked[0] - 47.3656) < 0.05 && Math.abs(clicked[1] - -1.177) < 0.1, String(clicked));
      assert.match(await page.locator('#pick-map-status').innerText(), /Position choisie sur la carte, à enregistrer :/);
      // Typed coordinates (the way without JavaScript) are what is saved.
      await page.fill('#org-latitude', '47,3662');
      await page.fill('#org-longitude', '-1,1787');
      await follow(page, page.locator('form[action^="/admin/organisations/"]:has(#org-latitude) button[type="submit"]'));
      assert.match(await mainText(page), /Structure mise à jour/);
      assert.equal(await page.inputValue('#org-latitude'), '47.3662');
      await check(page, `organisation saved @${size}`);

      await page.goto(server.url + '/tableau-de-bord');
      assert.match(await panel.innerText(), /Rien à signaler dans votre périmètre/);
      await check(page, `coordinator dashboard, fixed @${size}`);
      await follow(page, panel.getByRole('link', { name: 'Voir la carte des structures' }));
      await check(page, `map @${size}`);

      // Her directory by a town's name: the commune column is on screen at 390 px.
      await page.goto(server.url + '/annuaire');
      await page.getByLabel('Commune (nom ou code INSEE)').fill('Ancenis');
      await follow(page, page.locator('main form[role="search"] button[type="submit"]'));
      assert.match(await mainText(page), /Réseau des bibliothèques du Pays d'Ancenis/);
      await check(page, `directory by town @${size}`);
      const cell = page.locator('td[data-label="Commune"]').first();
      assert.match(await cell.innerText(), /Ancenis-Saint-Géréon/);
      const r = await cell.boundingBox();
      assert.ok(r.x >= 0 && r.x + r.width <= viewport.width + 0.5, `the commune is on screen (${r.x}–${r.x + r.width})`);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test(`visitor @${size}: searches the public directory by a town's name`, { timeout: 120000 }, async () => {
    const server = await startTrame({ smtp: false, env: { TRAME_MAP_TILES_URL: '' } });
    const { context, page } = await newPage(browser, { viewport });
    try {
      await page.goto(server.url + '/annuaire/public');
      assert.match(await mainText(page), /Département de Loire-Atlantique — Délégation Saint-Nazaire/);
      await check(page, `public directory @${size}`);
      await page.getByLabel('Commune (nom ou code INSEE)').fill('st nazaire');
      await follow(page, page.locator('main form[role="search"] button[type="submit"]'));
      const found = await page.locator('ul.cards h2').allInnerTexts();
      assert.deepEqual(found, ['Département de Loire-Atlantique — Délégation Saint-Nazaire']);
      await check(page, `public directory, Saint-Nazaire @${size}`);
      await page.getByLabel('Commune (nom ou code INSEE)').fill('Atlantide');
      await follow(page, page.locator('main form[role="search"] button[type="submit"]'));
      assert.match(await mainText(page), /Aucune commune connue ne s'appelle « Atlantide »/);
      await check(page, `public directory, unknown town @${size}`);
      await page.getByLabel('Commune (nom ou code INSEE)').fill('ANCENIS');
      await follow(page, page.locator('main form[role="search"] button[type="submit"]'));
      await follow(page, page.getByRole('link', { name: 'Théâtre Quartier Libre' }));
      assert.equal(await page.locator('h1').innerText(), 'Théâtre Quartier Libre');
      assert.match(await mainText(page), /Ancenis-Saint-Géréon/);
      await check(page, `public entry @${size}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
