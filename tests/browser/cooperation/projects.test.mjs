// Cooperation projects in a real browser, on a phone (390 px) and a laptop (1280 px): a trainee starts a
// project, first with an unknown commune (the refusal is announced and the field marked, nothing is lost),
// then with a commune typed by code and one picked by name; they set the phases' dates, add the theatre's
// ticketing person as a member and the libraries' network as a partner, try to demote themself (the last
// facilitator: refused on that person's row), and open the project to the public; an anonymous visitor
// reads its summary without any member's name. Every page passes axe, fits the width, keeps its actions
// on screen; the dashboard shows « Mes projets de coopération ».
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText,
  newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a trainee runs a project from its creation to its public summary, at ${size} px`, { timeout: 240000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.trainee, DEMO_PASSWORD);
    await page.goto(`${server.url}/cooperation`);
    await checked(page, `projets @${size}`);
    assert.match(await mainText(page), /Liens intergénérationnels en Pays d'Ancenis/, 'the demo project is listed');
    await click(page, page.getByRole('link', { name: 'Nouveau projet' }));
    await checked(page, `nouveau projet @${size}`);

    const title = `Lire et jouer ensemble ${size} ${randomBytes(3).toString('hex')}`;
    await page.fill('#p-title', title);
    await page.fill('#p-question', 'Comment faire se rencontrer les âges autour des livres et du théâtre ?');
    await page.check('#p-kind-communes');
    await page.fill('#p-communes', '44003, Atlantide-sur-Loire');
    await click(page, page.getByRole('button', { name: 'Créer le projet' }));
    await checked(page, `refus commune @${size}`);
    const alert = page.locator('#error-summary');
    assert.match(await alert.innerText(), /Une des communes saisies est introuvable/);
    assert.equal(await page.locator('#p-communes').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#p-title').inputValue(), title, 'nothing typed is lost');
    await page.fill('#p-communes', '44003');
    await page.fill('#p-commune_pick', 'Ligné (44082)');
    await click(page, page.getByRole('button', { name: 'Créer le projet' }));
    await checked(page, `projet @${size}`);
    let text = await mainText(page);
    assert.match(text, /Vous êtes Animateur ou animatrice de ce projet/);
    assert.match(text, /2 communes/);
    const projectUrl = new URL(page.url()).pathname;

    // The phases' dates.
    await page.fill('#p-starts-diagnosis', '2026-09-01');
    await page.fill('#p-ends-diagnosis', '2026-12-15');
    await click(page, page.getByRole('button', { name: 'Enregistrer les dates' }));
    assert.match(await mainText(page), /Diagnostic partagé — en cours\s+du 01\/09\/2026 au 15\/12\/2026/);

    // Members and partners.
    await click(page, page.getByRole('link', { name: 'Membres et partenaires' }).first());
    await checked(page, `membres @${size}`);
    await page.fill('#a-email', DEMO.partner_staff);
    await page.selectOption('#a-role', 'member');
    await click(page, page.getByRole('button', { name: 'Ajouter au projet' }));
    assert.match(await mainText(page), /Billetterie Quartier Libre/);
    await page.selectOption('#pa-organisation', { label: 'Réseau des bibliothèques du Pays d\'Ancenis' });
    await page.fill('#pa-contribution', 'Lectures partagées');
    await click(page, page.getByRole('button', { name: 'Ajouter le partenaire' }));
    await checked(page, `partenaire ajouté @${size}`);
    // The last facilitator cannot step down: the refusal sits on their row.
    const row = page.locator('tr', { hasText: 'Stagiaire Paul Guimard' });
    await row.locator('select').selectOption('member');
    await click(page, row.getByRole('button', { name: /Changer le rôle/ }));
    await checked(page, `dernier animateur @${size}`);
    assert.match(await page.locator('#error-summary').innerText(), /garder au moins un animateur ou une animatrice/);
    assert.equal(await page.locator('tr', { hasText: 'Stagiaire Paul Guimard' }).locator('select').getAttribute('aria-invalid'), 'true');

    // Public.
    await page.goto(server.url + projectUrl);
    await page.check('#v-public');
    await click(page, page.getByRole('button', { name: 'Enregistrer la visibilité' }));
    assert.match(await mainText(page), /La visibilité du projet est enregistrée/);
    await page.goto(`${server.url}/tableau-de-bord`);
    text = await mainText(page);
    assert.match(text, /Mes projets de coopération/);
    assert.ok(text.includes(title));
    await context.close();

    const visitor = await newPage(browser, { viewport });
    await visitor.page.goto(server.url + projectUrl);
    await checked(visitor.page, `résumé public @${size}`);
    text = await mainText(visitor.page);
    assert.ok(text.includes(title));
    assert.match(text, /Réseau des bibliothèques du Pays d'Ancenis/);
    assert.doesNotMatch(text, /Stagiaire Paul Guimard|Billetterie Quartier Libre/, 'no member named');
    await visitor.context.close();
  });

  test(`the demo project's facilitator reads and edits it, at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(`${server.url}/cooperation`);
    await click(page, page.getByRole('link', { name: 'Liens intergénérationnels en Pays d\'Ancenis' }));
    await checked(page, `projet démo @${size}`);
    const text = await mainText(page);
    assert.match(text, /Mise en œuvre — en cours\s+du 01\/10\/2026 au 30\/06\/2027/);
    assert.match(text, /Musique et Danse en Loire-Atlantique/);
    assert.match(text, /Pays d'Ancenis 2022-2023/);
    await click(page, page.getByRole('link', { name: 'Modifier le projet' }));
    await checked(page, `modifier le projet démo @${size}`);
    assert.equal(await page.locator('#p-epci').inputValue(), '244400552');
    await context.close();
  });
}
