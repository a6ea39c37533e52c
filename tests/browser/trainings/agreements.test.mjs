// Training agreements in a real browser: Sagiterre's training staff, on a laptop (1280 px), makes a vocational
// training contract for an applicant of « Session printemps 2027 » and sends it; the person opens the signing
// link on a phone (390 px), reads the contract, is told to tick « Lu et approuvé » when they forget it, signs,
// and sees the end of their withdrawal period. Every page passes axe (no serious or critical violation) and
// fits the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { dbRows } from '../../integration/questionnaire_fixtures.mjs';
import { candidates, sessionId, unique } from '../../integration/trainings/agreements_fixtures.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from '../network_life/events_fixtures.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(() => stop(server, browser));

test('staff make and send a contract; the person signs it on a phone', { timeout: 60000 }, async () => {
  const probe = new Client(server.url);
  await probe.login(DEMO.training_staff);
  const session = await sessionId(probe, 'Session printemps 2027');
  const camille = (await candidates(probe, session))['Camille Martin'];
  const email = `${unique('contrat-navigateur')}@example.org`;

  const staff = await newPage(browser, { viewport: LAPTOP });
  await login(staff.page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await staff.page.goto(`${server.url}/formations/sessions/${session}/conventions`);
  await checked(staff.page, 'conventions @1280');
  await staff.page.check('#a-kind-contract');
  await staff.page.selectOption('#a-application', String(camille));
  await staff.page.fill('#a-party_email', email);
  await staff.page.fill('#a-advance_percent', '30');
  await click(staff.page, staff.page.getByRole('button', { name: 'Établir le document' }));
  assert.match(await mainText(staff.page), /Contrat de formation professionnelle — Camille Martin/);
  await checked(staff.page, 'contrat @1280');
  await click(staff.page, staff.page.getByRole('button', { name: 'Envoyer la version en cours' }));
  assert.match(await mainText(staff.page), /La version 1 a été envoyée pour signature/);
  await checked(staff.page, 'contrat envoyé @1280');
  await staff.context.close();

  // The link of the message waiting in the outbox (this server has no SMTP).
  const [[body]] = dbRows(server.database, `SELECT body FROM mail_outbox WHERE recipient = '${email}' ORDER BY id DESC LIMIT 1`);
  const link = new URL(body.match(/https?:\/\/\S+\/conventions\/\S+/)[0]).pathname;

  const person = await newPage(browser, { viewport: PHONE_390 });
  await person.page.goto(`${server.url}${link}`);
  await checked(person.page, 'signature @390');
  const text = await mainText(person.page);
  assert.match(text, /Dans un délai de dix jours à compter de la signature du présent contrat/);
  await person.page.fill('#s-signer_name', 'Camille Martin');
  await click(person.page, person.page.getByRole('button', { name: 'Signer' }));
  assert.match(await person.page.locator('[role="alert"]').innerText(), /Cochez « Lu et approuvé »/);
  assert.equal(await person.page.locator('#s-approved').getAttribute('aria-invalid'), 'true');
  assert.equal(await person.page.inputValue('#s-signer_name'), 'Camille Martin');
  await checked(person.page, 'signature refusée @390');
  await person.page.check('#s-approved');
  await click(person.page, person.page.getByRole('button', { name: 'Signer' }));
  const signed = await mainText(person.page);
  assert.match(signed, /votre signature a été enregistrée/);
  assert.match(signed, /Délai de rétractation jusqu'au/);
  await checked(person.page, 'signé @390');
  await person.context.close();
});
