// Events in a real browser, on a phone (390 px) and a laptop (1280 px): a professional of the network opens
// /evenements, filters by kind, opens the demo's atelier d'appropriation to come (place, accessibility,
// free places), registers, finds it in « Mes inscriptions » and on the dashboard, then cancels; on the
// laptop the network's coordinator opens the event's management page and the new event form, whose
// refused submission is announced with the field marked. Every page passes axe (no serious or critical
// violation) and fits the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './events_fixtures.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(() => stop(server, browser));

const ATELIER = "Atelier d'appropriation — nouveaux référents";

for (const [size, viewport, who] of [['390', PHONE_390, DEMO.referent], ['1280', LAPTOP, DEMO.volunteer]]) {
  test(`a professional registers to an atelier and cancels, at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, who, DEMO_PASSWORD);
    await page.goto(`${server.url}/evenements`);
    await checked(page, `événements @${size}`);
    await page.selectOption('#e-type', 'atelier_appropriation');
    await click(page, page.getByRole('button', { name: 'Filtrer' }));
    assert.match(await mainText(page), new RegExp(ATELIER));
    await click(page, page.getByRole('link', { name: ATELIER }));
    await checked(page, `atelier @${size}`);
    const text = await mainText(page);
    assert.match(text, /Accessibilité/);
    assert.match(text, /places? libres?/);
    await click(page, page.getByRole('button', { name: "M'inscrire" }));
    assert.match(await mainText(page), /Vous êtes inscrit·e/);
    await checked(page, `inscrit·e @${size}`);
    await page.goto(`${server.url}/evenements/mes-inscriptions`);
    await checked(page, `mes inscriptions @${size}`);
    assert.match(await mainText(page), new RegExp(ATELIER));
    await page.goto(`${server.url}/tableau-de-bord`);
    assert.match(await mainText(page), /Mes prochains événements/);
    await page.goto(`${server.url}/evenements/mes-inscriptions`);
    await click(page, page.getByRole('button', { name: new RegExp(`Annuler l'inscription — ${ATELIER}`) }));
    assert.match(await mainText(page), /L'inscription est annulée/);
    await context.close();

    if (size !== '1280') return;
    const manager = await newPage(browser, { viewport });
    await login(manager.page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await manager.page.goto(`${server.url}/evenements`);
    await click(manager.page, manager.page.getByRole('link', { name: ATELIER }));
    await click(manager.page, manager.page.getByRole('link', { name: "Gérer l'événement" }));
    await checked(manager.page, `gestion @${size}`);
    await manager.page.goto(`${server.url}/evenements/nouveau`);
    await checked(manager.page, `nouvel événement @${size}`);
    await manager.page.fill('#e-title', 'Café découverte de test');
    await manager.page.fill('#e-starts', '2030-05-14T14:00');
    await manager.page.fill('#e-ends', '2030-05-14T12:00');
    await manager.page.selectOption('#e-place', { index: 1 });
    await click(manager.page, manager.page.getByRole('button', { name: "Créer l'événement" }));
    await checked(manager.page, `événement refusé @${size}`);
    assert.match(await manager.page.locator('[role="alert"]').innerText(), /La fin doit être après le début/);
    assert.equal(await manager.page.locator('#e-ends').getAttribute('aria-invalid'), 'true');
    assert.equal(await manager.page.inputValue('#e-title'), 'Café découverte de test');
    await manager.context.close();
  });
}
