// Actions of the demo's cooperation project in a real browser, on a phone (390 px) and a laptop
// (1280 px): a member reads the tree (nested lists, progress as text and <progress>, the late action
// said in words), filters it to the late actions, opens an action linked to the theatre's outings offer,
// creates a sub-action — a due day before the start day is refused, announced and its field marked,
// then fixed — and sets its progress, which moves its parent's. Every page visited passes axe (no
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

const parisDay = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

for (const [size, viewport, who] of [['390', PHONE_390, DEMO.trainee], ['1280', LAPTOP, DEMO.partner_staff]]) {
  test(`a member reads the action tree, adds a sub-action and sets its progress, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, who, DEMO_PASSWORD);
    const tree = `${server.url}/cooperation/projets/${project}/actions`;
    await page.goto(tree);
    await checked(page, `arbre des actions @${size}`);
    const text = await mainText(page);
    assert.match(text, /Programmer des spectacles intergénérationnels/);
    assert.match(text, /En retard/);
    assert.ok(await page.locator('ul.action-tree > li ul > li').count() > 0, 'nested lists');
    const bar = page.getByRole('progressbar').first();
    assert.match(await bar.getAttribute('aria-labelledby'), /^progress-\d+$/);

    await page.getByLabel('Seulement les actions en retard').check();
    await click(page, page.getByRole('button', { name: 'Filtrer' }));
    await checked(page, `actions en retard @${size}`);
    assert.match(await mainText(page), /Portraits sonores/);
    assert.doesNotMatch(await mainText(page), /Lectures partagées en médiathèque/);

    await page.goto(tree);
    await click(page, page.getByRole('link', { name: 'Sorties au Théâtre Quartier Libre' }));
    await checked(page, `action liée à une sortie @${size}`);
    assert.match(await mainText(page), /Les Fourberies de Scapin/);
    const parentUrl = page.url();

    await click(page, page.getByRole('link', { name: 'Ajouter une sous-action' }));
    await checked(page, `nouvelle sous-action @${size}`);
    const title = `Accueil des familles ${randomBytes(3).toString('hex')}`;
    await page.getByLabel("Intitulé de l'action").fill(title);
    await page.getByLabel('Début').fill(parisDay(10));
    await page.getByLabel('Échéance').fill(parisDay(2));
    await click(page, page.getByRole('button', { name: "Créer l'action" }));
    assert.match(await mainText(page), /L'échéance ne peut pas précéder la date de début/);
    assert.equal(await page.getByLabel('Échéance').getAttribute('aria-invalid'), 'true');
    await checked(page, `sous-action refusée @${size}`);
    await page.getByLabel('Échéance').fill(parisDay(40));
    await click(page, page.getByRole('button', { name: "Créer l'action" }));
    await checked(page, `sous-action créée @${size}`);
    assert.match(await mainText(page), new RegExp(title));

    await page.getByLabel('Avancement (en %)').fill('100');
    await page.getByLabel('Statut', { exact: true }).selectOption('in_progress');
    await click(page, page.getByRole('button', { name: 'Enregistrer le statut' }));
    await checked(page, `statut enregistré @${size}`);
    assert.match(await mainText(page), /100 %/);
    await page.goto(parentUrl);
    assert.match(await mainText(page), /moyenne pondérée de ses sous-actions/);
    await context.close();
  });
}
