// Interventions on request in a real browser, on a phone (390 px) and a laptop (1280 px): a relais'
// referent opens the public catalogue, reads the escape game « théâtre Bavard » and asks for it — the same
// date twice is refused (announced, the field marked and linked, the typed values kept), then the
// request is sent; the organiser's coordinator finds it on the dashboard and accepts it on the second
// wanted date with times; the referent reads it scheduled. Every page passes axe (no serious or critical
// violation), fits the screen's width and keeps its actions on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, login, mainText, newPage } from '../browser.mjs';
import { PASSWORD, checked, click, parisDay, start, stop } from './interventions_fixtures.mjs';

let server, browser, requester;
before(async () => { ({ server, browser, requester } = await start()); });
after(() => stop(server, browser));

for (const [size, viewport, days] of [['390', PHONE_390, 21], ['1280', LAPTOP, 35]]) {
  test(`a referent asks for the escape game and the coordinator accepts, at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, requester, PASSWORD);
    await page.goto(`${server.url}/programmes/interventions`);
    await checked(page, `catalogue @${size}`);
    await click(page, page.getByRole('link', { name: 'Escape Game « théâtre Bavard »' }));
    await checked(page, `intervention @${size}`);
    assert.match(await mainText(page), /métiers du spectacle/);

    await page.fill('#f-date1', parisDay(days));
    await page.fill('#f-date2', parisDay(days));
    await page.selectOption('#f-audience', 'youth');
    await page.fill('#f-expected_count', '16');
    await page.fill('#f-place_address', '2 rue Eugène Hénaff, 94400 Vitry-sur-Seine');
    await page.fill('#f-neighbourhood', 'Quartier Balzac');
    await page.getByLabel('Le lieu est dans un quartier prioritaire').check();
    await page.fill('#f-message', `Groupe ${size}`);
    await click(page, page.getByRole('button', { name: 'Envoyer la demande' }));
    await expectAccessible(page, `demande refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Cette date est déjà indiquée/);
    assert.equal(await page.locator('#f-date2').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#error-summary a').getAttribute('href'), '#f-date2');
    assert.equal(await page.inputValue('#f-expected_count'), '16', 'the typed values are kept');
    await page.fill('#f-date1', parisDay(days - 7));
    await click(page, page.getByRole('button', { name: 'Envoyer la demande' }));
    await checked(page, `demande envoyée @${size}`);
    assert.match(await page.locator('body').innerText(), /Votre demande a été envoyée/);
    assert.match(await mainText(page), /Demandée/);
    const requestUrl = page.url();

    // The coordinator of Cultures du Cœur 94 accepts it on the second wanted date.
    const manager = await newPage(browser, { viewport });
    await login(manager.page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await manager.page.goto(`${server.url}/tableau-de-bord`);
    assert.match(await mainText(manager.page), /Demandes d'intervention à examiner/);
    await manager.page.goto(requestUrl);
    await checked(manager.page, `demande à décider @${size}`);
    const [d, m, y] = [parisDay(days).slice(8, 10), parisDay(days).slice(5, 7), parisDay(days).slice(0, 4)];
    await manager.page.getByLabel(`${d}/${m}/${y}`).check();
    await manager.page.fill('#f-starts', '14:00');
    await manager.page.fill('#f-ends', '16:30');
    await click(manager.page, manager.page.getByRole('button', { name: 'Accepter et prévenir le demandeur' }));
    await checked(manager.page, `demande acceptée @${size}`);
    assert.match(await mainText(manager.page), /Programmée/);
    await manager.context.close();

    await page.reload();
    await checked(page, `demande programmée @${size}`);
    assert.match(await mainText(page), new RegExp(`le ${d}/${m}/${y} de 14:00 à 16:30`));
    await context.close();
  });
}
