// Coaching between seminars in a real browser: the trainee asks for help on a phone (390 px), the trainer
// proposes an appointment on a laptop (1280 px), the trainee accepts it on the phone, the trainer writes a
// note that the trainee reads; then Sagiterre's staff adds a follow-up contact on the laptop, who reads the
// trainee's follow-up on a phone. Every page passes axe (no serious or critical violation) and fits the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { dbValue } from '../../integration/questionnaire_fixtures.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server, browser, sid;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  sid = Number(dbValue(server.database, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027'"));
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
// "YYYY-MM-DDTHH:MM" in Paris, in n days at 10:00.
const inDays = (n) => `${new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' })}T10:00`;

test('a trainee asks for help on a phone; the trainer proposes an appointment and writes a note', { timeout: 60000 }, async () => {
  const phone = await newPage(browser, { viewport: PHONE_390 });
  const laptop = await newPage(browser, { viewport: LAPTOP });
  try {
    const p = phone.page;
    await login(p, server.url, DEMO.trainee, DEMO_PASSWORD);
    await p.goto(`${server.url}/formations/sessions/${sid}/accompagnement`);
    await checked(p, 'accompagnement @390');
    // A refused form first: the message is announced and the field marked, the values kept.
    await p.fill('#f-message', 'Je cherche comment associer les habitants à mon projet.');
    await p.locator('#f-subject').evaluate((el) => el.removeAttribute('required'));
    await click(p, p.getByRole('button', { name: 'Envoyer la demande' }));
    assert.match(await p.locator('[role="alert"]').first().innerText(), /Indiquez l'objet de votre demande/);
    assert.equal(await p.locator('#f-subject').getAttribute('aria-invalid'), 'true');
    assert.equal(await p.inputValue('#f-message'), 'Je cherche comment associer les habitants à mon projet.');
    await checked(p, 'demande refusée @390');
    await p.fill('#f-subject', 'Associer les habitants');
    await p.selectOption('#f-trainer', { label: 'Formateur Sagiterre' });
    await p.check('#f-mode-visio');
    await p.fill('#f-preferred_slots', 'le jeudi matin');
    await click(p, p.getByRole('button', { name: 'Envoyer la demande' }));
    assert.match(await mainText(p), /Votre demande est envoyée/);
    assert.match(await mainText(p), /En attente de réponse/);
    await checked(p, 'demande @390');
    const url = p.url();

    const l = laptop.page;
    await login(l, server.url, DEMO.trainer, DEMO_PASSWORD);
    await l.goto(`${server.url}/tableau-de-bord`);
    assert.match(await mainText(l), /Demandes d'accompagnement en attente/);
    await click(l, l.getByRole('link', { name: /Associer les habitants/ }).first());
    await checked(l, 'demande (formateur) @1280');
    await l.fill('#f-appointment_at', inDays(6));
    await l.check('#f-amode-visio');
    await l.fill('#f-appointment_place', 'https://visio.sagiterre.local/atelier');
    await click(l, l.getByRole('button', { name: 'Proposer ce rendez-vous' }));
    assert.match(await mainText(l), /Le rendez-vous est proposé/);

    await p.goto(url);
    assert.match(await mainText(p), /Rendez-vous proposé/);
    await checked(p, 'rendez-vous proposé @390');
    await click(p, p.getByRole('button', { name: 'Accepter le rendez-vous' }));
    assert.match(await mainText(p), /Vous avez accepté le rendez-vous/);

    await l.reload();
    await l.fill('#f-note', 'Carte des acteurs faite ensemble ; prochaine étape : une rencontre au centre social.');
    await click(l, l.getByRole('button', { name: 'Ajouter la note' }));
    assert.match(await mainText(l), /La note est ajoutée au fil/);
    await checked(l, 'note @1280');

    await p.goto(url);
    assert.match(await mainText(p), /Carte des acteurs faite ensemble/);
    assert.match(await mainText(p), /Rendez-vous accepté/);
    await checked(p, 'fil @390');
  } finally {
    await phone.context.close();
    await laptop.context.close();
  }
});

test('the staff adds a follow-up contact on a laptop, who reads the trainee\'s follow-up on a phone', { timeout: 60000 }, async () => {
  const laptop = await newPage(browser, { viewport: LAPTOP });
  const phone = await newPage(browser, { viewport: PHONE_390 });
  try {
    const l = laptop.page;
    await login(l, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await l.goto(`${server.url}/formations/sessions/${sid}/contacts-suivi`);
    await checked(l, 'contacts de suivi @1280');
    await l.fill('#q-email', 'coordination.ancenis@trame.local');
    await click(l, l.getByRole('button', { name: 'Chercher' }));
    assert.match(await mainText(l), /Compte trouvé/);
    await l.getByLabel(/Stagiaire Paul Guimard/).check();
    await click(l, l.getByRole('button', { name: 'Enregistrer le contact' }));
    assert.match(await mainText(l), /Le contact de suivi est enregistré/);
    await checked(l, 'contact enregistré @1280');

    const p = phone.page;
    await login(p, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await p.goto(`${server.url}/formations/stagiaires-suivis`);
    await checked(p, 'mes stagiaires suivis @390');
    await click(p, p.getByRole('link', { name: 'Stagiaire Paul Guimard' }));
    const text = await mainText(p);
    assert.match(text, /en lecture seule/);
    assert.match(text, /Présences par demi-journée/);
    await checked(p, 'suivi (contact) @390');
  } finally {
    await laptop.context.close();
    await phone.context.close();
  }
});
