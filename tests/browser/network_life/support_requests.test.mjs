// Support requests in a real browser, on a phone (390 px) and a laptop (1280 px): a referent of Cultures du
// Cœur 94 asks for individual support — first without a subject (the refusal is announced, the field marked
// and linked, the typed context kept), then rightly; the network's coordinator opens the request from the
// list and sets an online appointment; the referent sees it, never the internal notes' section. Every page
// passes axe (no serious or critical violation) and fits the screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './support_requests_fixtures.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(() => stop(server, browser));

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a structure asks for support and the coordinator sets an appointment, at ${size} px`, { timeout: 60000 }, async () => {
    const subject = `Permanence culturelle ${size} ${randomBytes(3).toString('hex')}`;
    const asker = await newPage(browser, { viewport });
    let page = asker.page;
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    await page.goto(`${server.url}/evenements/accompagnements`);
    await checked(page, `accompagnements @${size}`);
    const details = page.locator('#demande');
    if (!(await details.getAttribute('open') !== null)) await page.locator('#demande > summary').click();
    await page.fill('#f-context', 'Ouvrir une permanence dans le hall du relais.');
    await page.fill('#f-wished_period', 'Avant les vacances');
    await click(page, page.getByRole('button', { name: 'Envoyer la demande' }));
    await expectAccessible(page, `demande refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Indiquez l'objet de votre demande/);
    assert.equal(await page.locator('#f-subject').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#error-summary a').getAttribute('href'), '#f-subject');
    assert.equal(await page.inputValue('#f-context'), 'Ouvrir une permanence dans le hall du relais.');
    await page.fill('#f-subject', subject);
    await click(page, page.getByRole('button', { name: 'Envoyer la demande' }));
    await checked(page, `demande envoyée @${size}`);
    assert.match(await mainText(page), /Demandée/);
    const requestUrl = page.url().replace(/#.*$/, '');
    assert.ok(!(await mainText(page)).includes('Notes internes'));

    const coordinator = await newPage(browser, { viewport });
    page = coordinator.page;
    await login(page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await page.goto(`${server.url}/evenements/accompagnements`);
    await click(page, page.getByRole('link', { name: subject }));
    await checked(page, `demande, coordination @${size}`);
    await page.fill('#f-appointment-when', '2030-03-01T10:00');
    await page.check('#f-appointment-online');
    await click(page, page.getByRole('button', { name: 'Enregistrer le rendez-vous' }));
    assert.match(await mainText(page), /Rendez-vous fixé/);
    await checked(page, `rendez-vous fixé @${size}`);
    await coordinator.context.close();

    page = asker.page;
    await page.goto(requestUrl);
    const seen = await mainText(page);
    assert.match(seen, /Rendez-vous fixé/);
    assert.match(seen, /en ligne/);
    await asker.context.close();
  });
}
