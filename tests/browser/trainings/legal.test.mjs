// Legal data and trainer profiles in a real browser, on a phone (390 px) and a laptop (1280 px): Sagiterre's
// training staff opens its programme, follows « Mentions légales de l'organisme », submits a SIRET whose key is
// wrong (announced, the field marked, the value kept), corrects it and sees the programme page's legal block;
// the demo trainer opens their profile, adds a skills entry and sees it listed. Every page passes axe (no serious
// or critical violation), fits the screen and keeps its actions on screen.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { dbValue } from '../../integration/questionnaire_fixtures.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server, browser, programme;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  programme = dbValue(server.database, `SELECT p.id FROM training_programmes p JOIN organisations o ON o.id = p.organiser_id WHERE o.name = 'Sagiterre' AND p.status = 'published' ORDER BY p.id LIMIT 1`);
});
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
  test(`staff edits the legal data, the trainer their profile, at ${size} px`, { timeout: 60000 }, async () => {
    const staff = await newPage(browser, { viewport });
    await login(staff.page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await staff.page.goto(`${server.url}/formations/programmes/${programme}`);
    await checked(staff.page, `programme @${size}`);
    await click(staff.page, staff.page.getByRole('link', { name: "Mentions légales de l'organisme" }));
    await checked(staff.page, `mentions légales @${size}`);
    await staff.page.fill('#l-siret', '889 269 676 00034');
    await click(staff.page, staff.page.getByRole('button', { name: 'Enregistrer les mentions légales' }));
    await checked(staff.page, `mentions refusées @${size}`);
    assert.match(await staff.page.locator('[role="alert"]').first().innerText(), /clé de contrôle ne correspond pas/);
    assert.equal(await staff.page.locator('#l-siret').getAttribute('aria-invalid'), 'true');
    assert.equal(await staff.page.inputValue('#l-siret'), '889 269 676 00034');
    await staff.page.fill('#l-siret', '889 269 676 00033');
    const mention = `Mention du test ${size} ${randomUUID().slice(0, 6)}`;
    await staff.page.fill('#l-legal_mentions', mention);
    await click(staff.page, staff.page.getByRole('button', { name: 'Enregistrer les mentions légales' }));
    assert.match(await mainText(staff.page), /Les mentions légales ont été enregistrées/);
    assert.match(await mainText(staff.page), new RegExp(mention));
    await staff.page.goto(`${server.url}/formations/programmes/${programme}`);
    const text = await mainText(staff.page);
    assert.match(text, /Déclaration d'activité/);
    assert.match(text, /93 13 19858 13/);
    assert.match(text, /Formateur Sagiterre/);
    await staff.context.close();

    const trainer = await newPage(browser, { viewport });
    await login(trainer.page, server.url, DEMO.trainer, DEMO_PASSWORD);
    await trainer.page.goto(`${server.url}/formations/formateurs/moi`);
    await checked(trainer.page, `mon profil @${size}`);
    const title = `Colloque du test ${size}`;
    await trainer.page.fill('#t-skill_title', title);
    await trainer.page.selectOption('#t-skill_kind', 'conference');
    await trainer.page.fill('#t-skill_hours', '3,5');
    await click(trainer.page, trainer.page.getByRole('button', { name: "Ajouter l'action" }));
    assert.match(await mainText(trainer.page), /L'action a été ajoutée/);
    assert.match(await trainer.page.locator('#skills').innerText(), new RegExp(`${title}[\\s\\S]*3,5 h`));
    await checked(trainer.page, `action ajoutée @${size}`);
    await click(trainer.page, trainer.page.getByRole('link', { name: 'Voir mon profil tel qu\'il s\'affiche' }));
    await checked(trainer.page, `profil public @${size}`);
    await trainer.context.close();
  });
}
