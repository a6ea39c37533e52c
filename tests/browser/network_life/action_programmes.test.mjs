// Action programmes in a real browser, on a phone (390 px) and a laptop (1280 px), as the demo referent
// of Cultures du Cœur 94: the public list of programmes, NUM&ART and its 2024 edition, the edition's
// participants (a person already there: the refusal is announced and the field marked; then a household
// of the relais under its code), the household registered to an upcoming children's workshop, and the
// dashboard showing that session. Every page visited passes axe (no serious or critical violation) and
// fits the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText,
  newPage } from '../browser.mjs';

let server, browser;
before(async () => { [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]); });
after(async () => { await browser?.close(); await server?.stop(); });

const value = (statement) => querySql(server.database, statement).split('\n')[0];
async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}
async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a referent registers a household of the relais to NUM&ART, at ${size} px`, { timeout: 120000 }, async () => {
    const edition = value("SELECT id FROM life_programme_editions WHERE title = 'NUM&ART 2024'");
    const relais = value("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'");
    const already = value(`SELECT beneficiary_id FROM life_programme_participants WHERE edition_id = ${edition} AND relais_id = ${relais} ORDER BY id LIMIT 1`);
    const fresh = value(`SELECT id FROM beneficiaries WHERE organisation_id = ${relais} AND status = 'active' AND id NOT IN
      (SELECT beneficiary_id FROM life_programme_participants WHERE edition_id = ${edition}) ORDER BY id LIMIT 1`);
    const code = value(`SELECT code FROM beneficiaries WHERE id = ${fresh}`);
    assert.ok(already && fresh && code, 'the demo has a participant and a beneficiary not yet participating');

    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    await page.goto(`${server.url}/programmes`);
    await checked(page, `programmes @${size}`);
    await click(page, page.getByRole('link', { name: 'NUM&ART', exact: true }));
    await click(page, page.getByRole('link', { name: 'NUM&ART 2024' }));
    await checked(page, `édition @${size}`);
    assert.match(await mainText(page), /Atelier d'arts plastiques \(enfants\)/);
    await click(page, page.getByRole('link', { name: 'Participants' }));
    await checked(page, `participants @${size}`);

    // Someone already participating: refused, announced, the field marked.
    await page.selectOption('#participant-beneficiary', already);
    await page.getByRole('radio', { name: 'Une personne' }).check();
    await click(page, page.getByRole('button', { name: 'Inscrire à l\'édition' }));
    await expectAccessible(page, `participation refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /participe déjà à cette édition/);
    assert.equal(await page.locator('#participant-beneficiary').getAttribute('aria-invalid'), 'true');

    // A household of the relais, by its code.
    await page.selectOption('#participant-beneficiary', fresh);
    await page.getByRole('radio', { name: 'Un foyer' }).check();
    await page.fill('#participant-adults', '1');
    await page.fill('#participant-children', '2');
    await click(page, page.getByRole('button', { name: 'Inscrire à l\'édition' }));
    const list = await mainText(page);
    assert.match(list, /La participation a été enregistrée/);
    assert.ok(list.includes(code), 'the household is listed under its code');

    // Registered to the upcoming children's workshop.
    await page.goto(`${server.url}/programmes/editions/${edition}`);
    await click(page, page.getByRole('link', { name: 'Atelier d\'arts plastiques (enfants)' }));
    const participant = value(`SELECT id FROM life_programme_participants WHERE edition_id = ${edition} AND beneficiary_id = ${fresh}`);
    await page.selectOption('#register-participant', participant);
    await click(page, page.getByRole('button', { name: 'Inscrire à la séance' }));
    const session = await mainText(page);
    assert.match(session, /L'inscription a été enregistrée/);
    assert.ok(session.includes(code));
    await checked(page, `inscrit à la séance @${size}`);

    await page.goto(`${server.url}/tableau-de-bord`);
    assert.match(await mainText(page), /Séance à venir : Atelier d'arts plastiques \(enfants\)/);
    await checked(page, `tableau de bord @${size}`);
    await context.close();
  });
}
