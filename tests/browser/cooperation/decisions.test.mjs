// Decisions of the demo's cooperation project in a real browser, on a phone (390 px) and a laptop
// (1280 px): a member reads the closed decisions (the adopted theme, the anonymous dot vote and its
// results table), votes on the open consent — an objection without its harm is refused, announced and
// its field marked, then given with its harm — and sees the results; the facilitator opens a dot vote
// (type chosen first, then its options) and reads its ballot form. Every page visited passes axe (no
// serious or critical violation) and fits the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './fixtures.mjs';

let server, browser, project;
before(async () => { ({ server, browser, project } = await start()); });
after(() => stop(server, browser));

for (const [size, viewport, who] of [['390', PHONE_390, DEMO.trainee], ['1280', LAPTOP, DEMO.partner_staff]]) {
  test(`a member reads the decisions and votes on the open consent, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, who, DEMO_PASSWORD);
    const list = `${server.url}/cooperation/projets/${project}/decisions`;
    await page.goto(`${list}?etat=closes`);
    await checked(page, `décisions closes @${size}`);
    await click(page, page.getByRole('link', { name: 'Retenir le thème « Mémoires partagées » pour la saison' }));
    await checked(page, `proposition adoptée @${size}`);
    assert.match(await mainText(page), /Adoptée/);
    await page.goto(`${list}?etat=closes`);
    await click(page, page.getByRole('link', { name: /Quels lieux partenaires/ }));
    await checked(page, `vote par points anonyme @${size}`);
    assert.match(await mainText(page), /Espace culturel Paul Guimard/);
    assert.doesNotMatch(await mainText(page), /Stagiaire Paul Guimard/, 'no name in an anonymous vote');

    await page.goto(list);
    await checked(page, `décisions en cours @${size}`);
    await click(page, page.getByRole('link', { name: /charte d'accueil/ }));
    await checked(page, `consentement ouvert @${size}`);
    if (who === DEMO.partner_staff) {
      // The demo's ticketing member already objected: the form offers to change the vote.
      assert.match(await mainText(page), /Modifier votre vote/);
    }
    await page.getByLabel("J'objecte").check();
    await page.fill('#harm', '');
    await click(page, page.getByRole('button', { name: /Voter|Modifier mon vote/ }));
    await checked(page, `objection sans tort @${size}`);
    assert.match(await page.locator('#error-summary').innerText(), /Une objection doit dire quel tort/);
    assert.equal(await page.locator('#harm').getAttribute('aria-invalid'), 'true');
    await page.fill('#harm', `Sans transport, les aîné·es des hameaux ne viendront pas (${size}).`);
    await click(page, page.getByRole('button', { name: /Voter|Modifier mon vote/ }));
    await checked(page, `après le vote @${size}`);
    assert.match(await mainText(page), /Au moins une objection reste à lever/);
    await context.close();
  });

  test(`a facilitator opens a dot vote, type first, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(`${server.url}/cooperation/projets/${project}/decisions/nouvelle`);
    await checked(page, `choix du type @${size}`);
    await page.getByLabel('Vote par points').check();
    await click(page, page.getByRole('button', { name: 'Continuer' }));
    await checked(page, `formulaire vote par points @${size}`);
    const title = `Quel atelier pour l'été ? ${size} ${randomBytes(3).toString('hex')}`;
    await page.fill('#title', title);
    await page.fill('#option-1', 'Lecture à voix haute');
    await page.fill('#option-2', 'Podcast des binômes');
    await page.fill('#option-3', 'Balade contée');
    await click(page, page.getByRole('button', { name: 'Ouvrir la décision' }));
    await checked(page, `vote par points ouvert @${size}`);
    assert.match(await mainText(page), new RegExp(title.replace(/[?]/g, '\\?')));
    assert.match(await mainText(page), /Répartissez au plus 10 points/);
    // Each field within the allowance (the browser checks that), the sum over it: the server refuses.
    await page.getByLabel('Podcast des binômes').fill('6');
    await page.getByLabel('Balade contée').fill('6');
    await click(page, page.getByRole('button', { name: 'Voter' }));
    await checked(page, `trop de points @${size}`);
    assert.match(await page.locator('#error-summary').innerText(), /trop de points/);
    await context.close();
  });
}
