// Members in a real browser, on a phone (390 px) and a laptop (1280 px): the staff of a new relais applies
// on /adherents/adhesion and finds it on « Notre adhésion »; the network's coordinator (Cultures du Cœur 94)
// finds the application from the dashboard, tries to refuse it without a reason (announced, the field
// marked), accepts it, records a negative fee (refused, announced) then a fee by cheque. Every page visited
// passes axe (no serious or critical violation), fits the width and keeps its actions on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { freshOrganisation } from '../../integration/network_life/members_fixtures.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText,
  newPage } from '../browser.mjs';

let server, browser;
before(async () => { [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]); });
after(async () => { await browser?.close(); await server?.stop(); });

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}
async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a new relais applies, the coordinator accepts it and records the fee, at ${size} px`, { timeout: 60000 }, async () => {
    const org = freshOrganisation(server);
    const member = await newPage(browser, { viewport });
    await login(member.page, server.url, org.email, DEMO_PASSWORD);
    await member.page.goto(`${server.url}/adherents/adhesion`);
    await checked(member.page, `demande d'adhésion @${size}`);
    await member.page.selectOption('#a-organiser', { label: 'Cultures du Cœur 94' });
    await member.page.getByLabel('Remarque (facultative)').fill('Centre social du quartier, deux référentes.');
    await click(member.page, member.page.getByRole('button', { name: 'Envoyer la demande' }));
    assert.match(await mainText(member.page), /Votre demande d'adhésion est envoyée/);
    assert.match(await mainText(member.page), /Demande en attente/);
    await checked(member.page, `notre adhésion @${size}`);
    await member.context.close();

    const coordinator = await newPage(browser, { viewport });
    const page = coordinator.page;
    await login(page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await page.goto(`${server.url}/tableau-de-bord`);
    await click(page, page.getByRole('link', { name: /demandes? d'adhésion en attente de décision/ }));
    await checked(page, `adhérents en attente @${size}`);
    await click(page, page.getByRole('link', { name: org.name }));
    await checked(page, `adhésion @${size}`);

    await click(page, page.getByRole('button', { name: "Refuser l'adhésion" }));
    await expectAccessible(page, `refus sans motif @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Indiquez le motif du refus/);
    assert.equal(await page.locator('#d-reason').getAttribute('aria-invalid'), 'true');

    await click(page, page.getByRole('button', { name: "Accepter l'adhésion" }));
    assert.match(await mainText(page), /La décision est enregistrée/);
    assert.match(await page.locator('.members-status').innerText(), /Adhérent/);

    await page.getByLabel('Montant (en euros, par exemple 50 ou 12,50)').fill('-5');
    await click(page, page.getByRole('button', { name: 'Enregistrer la cotisation' }));
    await expectAccessible(page, `cotisation refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /ne peut pas être négatif/);
    assert.equal(await page.locator('#f-amount').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Montant (en euros, par exemple 50 ou 12,50)').fill('30');
    await page.selectOption('#f-means', 'cheque');
    await click(page, page.getByRole('button', { name: 'Enregistrer la cotisation' }));
    assert.match(await mainText(page), /La cotisation est enregistrée/);
    assert.match(await page.locator('.members-fee').innerText(), /30,00.*Chèque/);
    await checked(page, `adhésion acceptée @${size}`);
    await coordinator.context.close();
  });
}
