// Quotes in a real browser: on a laptop (1280 px) Sagiterre's training staff opens the quotes of « Session
// printemps 2027 », makes a quote for an applicant (a refused price first: announced, the field marked, the
// values kept), sends it; on a phone (390 px) the person opens the link of the e-mail without an account,
// reads the quote and accepts it (« Bon pour accord »); the staff's page then shows the acceptance. Every
// page passes axe (no serious or critical violation) and fits the screen.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { dbRows } from '../../integration/questionnaire_fixtures.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText,
  newPage,
} from '../browser.mjs';

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

test('staff make and send a quote; the person accepts it on a phone by the link', { timeout: 60000 }, async () => {
  const [[session]] = dbRows(server.database, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027' ORDER BY id");
  const email = `devis-${randomUUID().slice(0, 8)}@example.org`;
  const staff = await newPage(browser, { viewport: LAPTOP });
  await login(staff.page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await staff.page.goto(`${server.url}/formations/sessions/${session}`);
  await click(staff.page, staff.page.locator(`a[href="/formations/sessions/${session}/devis"]`).first());
  await checked(staff.page, 'devis de la session @1280');
  assert.match(await mainText(staff.page), /1\s500,00\s€/);

  const yanis = await staff.page.locator('#q-application option', { hasText: 'Yanis Benali' }).getAttribute('value');
  await staff.page.selectOption('#q-application', yanis);
  await staff.page.fill('#q-party_email', email);
  await staff.page.fill('#q-unit_price', 'mille euros');
  await click(staff.page, staff.page.getByRole('button', { name: 'Établir le devis' }));
  await checked(staff.page, 'devis refusé @1280');
  assert.match(await staff.page.locator('[role="alert"]').innerText(), /Indiquez le prix en euros/);
  assert.equal(await staff.page.locator('#q-unit_price').getAttribute('aria-invalid'), 'true');
  assert.equal(await staff.page.inputValue('#q-party_email'), email);

  await staff.page.fill('#q-unit_price', '');
  await click(staff.page, staff.page.getByRole('button', { name: 'Établir le devis' }));
  await checked(staff.page, 'devis établi @1280');
  const number = (await staff.page.locator('h1').innerText()).match(/D\d{4}-\d{4,}/)[0];
  assert.match(await staff.page.locator('#quote-status').innerText(), /Brouillon/);
  await click(staff.page, staff.page.locator('#send-button'));
  assert.match(await mainText(staff.page), /Le devis est envoyé/);
  await checked(staff.page, 'devis envoyé @1280');

  // The link of the e-mail (the outbox: this server runs without SMTP).
  const [[body]] = dbRows(server.database, `SELECT m.body FROM mail_outbox m JOIN training_quote_versions v ON v.outbox_id = m.id
    JOIN training_quotes q ON q.id = v.quote_id WHERE q.number = '${number}' AND m.recipient = '${email}'`);
  const link = body.match(/https?:\/\/\S+?(\/devis\/[A-Za-z0-9_-]+)/)[1];

  const party = await newPage(browser, { viewport: PHONE_390 });
  await party.page.goto(`${server.url}${link}`);
  await checked(party.page, 'devis public @390');
  const text = await mainText(party.page);
  assert.match(text, new RegExp(number));
  assert.match(text, /1\s500,00\s€/);
  await party.page.fill('#p-name', 'Yanis Benali');
  await party.page.check('#p-agree');
  await click(party.page, party.page.locator('#accept-button'));
  assert.match(await mainText(party.page), /votre acceptation du devis est enregistrée/);
  assert.match(await mainText(party.page), /Devis accepté par Yanis Benali/);
  await checked(party.page, 'devis accepté @390');
  await party.context.close();

  await staff.page.reload();
  assert.match(await staff.page.locator('#quote-status').innerText(), /Accepté/);
  assert.match(await mainText(staff.page), /Accepté en ligne par Yanis Benali/);
  await checked(staff.page, 'devis accepté (équipe) @1280');
  await staff.context.close();
});
