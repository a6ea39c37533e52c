// Volunteering in a real browser, on a phone (390 px) and a laptop (1280 px): the demo volunteer opens
// their space (the permanence at the Vitry relais), declares hours for a day to come (refused, announced,
// the field marked), then for yesterday, and saves their availabilities; the network coordinator opens
// the coordination space and validates the declaration. Every page visited passes axe (no serious or
// critical violation) and fits the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './volunteering_fixtures.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(() => stop(server, browser));

const parisDay = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const PERMANENCE = 'Permanence culturelle au Relais social de Vitry-sur-Seine';

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a volunteer declares hours and the coordinator validates them, at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.volunteer, DEMO_PASSWORD);
    await page.goto(`${server.url}/benevolat`);
    await checked(page, `espace bénévole @${size}`);
    assert.match(await mainText(page), new RegExp(PERMANENCE));

    const note = `Accueil du public ${size}`;
    await page.selectOption('#h-mission', { label: PERMANENCE });
    await page.fill('#h-day', parisDay(2));
    await page.fill('#h-hours', '2,5');
    await page.fill('#h-note', note);
    await click(page, page.getByRole('button', { name: 'Déclarer ces heures' }));
    await expectAccessible(page, `heures refusées @${size}`);
    assert.match(await page.locator('#hours-error').innerText(), /jour à venir/);
    assert.equal(await page.locator('#h-day').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.inputValue('#h-hours'), '2,5', 'the typed hours are kept');
    await page.fill('#h-day', parisDay(-1));
    await click(page, page.getByRole('button', { name: 'Déclarer ces heures' }));
    assert.match(await mainText(page), /Vos heures sont déclarées/);
    assert.match(await mainText(page), new RegExp(note));

    await page.getByRole('group', { name: 'Mercredi' }).getByLabel('Après-midi').check();
    await click(page, page.getByRole('button', { name: 'Enregistrer mes disponibilités' }));
    assert.match(await mainText(page), /Vos disponibilités sont enregistrées/);
    await context.close();

    const coord = await newPage(browser, { viewport });
    await login(coord.page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await coord.page.goto(`${server.url}/benevolat/gestion`);
    await checked(coord.page, `coordination @${size}`);
    const row = coord.page.locator('li', { hasText: note });
    await click(coord.page, row.getByRole('button', { name: /Valider/ }));
    assert.match(await mainText(coord.page), /Les heures sont validées/);
    assert.doesNotMatch(await mainText(coord.page), new RegExp(note));
    await coord.context.close();
  });
}
