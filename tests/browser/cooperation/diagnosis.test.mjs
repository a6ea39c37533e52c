// The shared diagnosis and the inhabitants' contributions of the demo's cooperation project in a real
// browser, on a phone (390 px) and a laptop (1280 px): a member reads the diagnosis, the resources
// section's history and what a revision changed (insertions and deletions announced by hidden labels);
// two members edit the same section, the second to save gets the merge view (announced, their text kept
// in the form) and saves again; the facilitator records a contribution (refused with a blank text, the field
// marked) and a member links it to a section, whose page then lists it. Every page visited passes axe (no
// serious or critical violation) and fits the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from './fixtures.mjs';

let server, browser, project;
before(async () => { ({ server, browser, project } = await start()); });
after(() => stop(server, browser));

const section = (key) => querySql(server.database,
  `SELECT id FROM cooperation_diagnosis_sections WHERE project_id = ${project} AND key = '${key}'`);

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`members read, edit and merge the diagnosis, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    const other = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.trainer, DEMO_PASSWORD);
    await login(other.page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
    const base = `${server.url}/cooperation/projets/${project}/diagnostic`;
    await page.goto(base);
    await checked(page, `diagnostic @${size}`);
    assert.match(await mainText(page), /Théâtre Quartier Libre/);
    await click(page, page.getByRole('link', { name: 'Historique : Ressources' }));
    await checked(page, `historique @${size}`);
    await click(page, page.getByRole('link', { name: /Comparer avec la précédente \(Révision 2\)/ }));
    await checked(page, `comparaison @${size}`);
    assert.match(await page.locator('.diff ins').first().textContent(), /^\[ajouté\] vivant, avec [\s\S]*Le Préambule[\s\S]* \[fin\]$/);

    // Both open the needs section; the partner saves first.
    const needs = section('needs');
    await page.goto(`${base}/${needs}/modifier`);
    await other.page.goto(`${base}/${needs}/modifier`);
    await checked(page, `modifier @${size}`);
    const mine = `${await page.inputValue('#d-body')}\n- Des sorties le samedi après-midi (${size} ${randomBytes(2).toString('hex')}).`;
    await page.fill('#d-body', mine);
    await other.page.fill('#d-body', `${await other.page.inputValue('#d-body')}\n- Un covoiturage depuis les mairies.`);
    await click(other.page, other.page.getByRole('button', { name: 'Enregistrer' }));
    await click(page, page.getByRole('button', { name: 'Enregistrer' }));
    await checked(page, `fusion @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Quelqu'un a enregistré cette section pendant que vous l'écriviez/);
    assert.equal(await page.inputValue('#d-body'), mine, 'the text typed is kept');
    assert.match(await mainText(page), /Un covoiturage depuis les mairies/);
    await click(page, page.getByRole('button', { name: 'Enregistrer à partir de la nouvelle version' }));
    await checked(page, `section enregistrée @${size}`);
    assert.match(await mainText(page), /Des sorties le samedi après-midi/);
    await other.context.close();
    await context.close();
  });

  test(`the facilitator records a contribution and a member links it, at ${size} px`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    const list = `${server.url}/cooperation/projets/${project}/contributions`;
    await page.goto(list);
    await checked(page, `contributions @${size}`);
    assert.match(await mainText(page), /Recueillie hors ligne/);
    await click(page, page.getByRole('link', { name: 'Noter une contribution' }));
    await checked(page, `nouvelle contribution @${size}`);
    assert.match(await mainText(page), /N'écrivez aucun nom/);
    await page.selectOption('#c-kind', 'door_to_door');
    await page.fill('#c-people', '7');
    await page.fill('#c-place', 'Oudon');
    await page.fill('#c-body', '   ');  // blank: the browser lets it through, the server refuses it
    await click(page, page.getByRole('button', { name: 'Enregistrer la contribution' }));
    await expectAccessible(page, `contribution refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Écrivez ce qui a été dit ou proposé/);
    assert.equal(await page.locator('#c-body').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.inputValue('#c-place'), 'Oudon');
    const text = `Les personnes rencontrées aimeraient un spectacle sur la place du bourg (${size}).`;
    await page.fill('#c-body', text);
    await click(page, page.getByRole('button', { name: 'Enregistrer la contribution' }));
    await checked(page, `contribution @${size}`);
    const url = page.url();
    await context.close();

    const member = await newPage(browser, { viewport });
    await login(member.page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await member.page.goto(url);
    await member.page.selectOption('#c-section', { label: 'Besoins' });
    await click(member.page, member.page.getByRole('button', { name: 'Relier' }).first());
    await checked(member.page, `contribution reliée @${size}`);
    await click(member.page, member.page.getByRole('link', { name: 'Besoins' }));
    await checked(member.page, `section et contributions @${size}`);
    assert.match(await mainText(member.page), /Porte-à-porte — \d\d\/\d\d\/\d{4}, Oudon/);
    await member.context.close();
  });
}
