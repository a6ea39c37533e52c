// Results in a real browser: a questionnaire's results (charts beside their tables, NPS, matrix, free
// texts, cross-tabulation with a guarded group), the before/after comparison and a programme's
// publication page pass axe (no serious or critical violation) at 375 px and 1280 px, without
// horizontal scrolling on the phone.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import { createCampaign, createQuestionnaire, dbValue, fresh, q } from '../integration/questionnaire_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from './browser.mjs';

let server;
let browser;
let qn;
let campaign;
let dept;

function insertResponse(answers, attributes) {
  const id = Number(BigInt('0x' + randomBytes(6).toString('hex')) + 1n);
  dbValue(server.database, `INSERT INTO questionnaire_responses (id, questionnaire_id, campaign_id, version, submitted_week, attributes)
    VALUES (${id}, ${qn.id}, ${campaign}, 1, '2026-W10', ${q(attributes)}) RETURNING id`);
  for (const [question, value, item = -1, other = ''] of answers) {
    const number = /^-?\d+(\.\d+)?$/.test(String(value)) ? String(value) : 'NULL';
    dbValue(server.database, `INSERT INTO questionnaire_answers (response_id, question_id, item, value, number, other_text)
      VALUES (${id}, ${question}, ${item}, ${q(String(value))}, ${number}, ${q(other)}) RETURNING id`);
  }
}

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  const db = server.database;
  dept = Number(dbValue(db, "SELECT id FROM organisations WHERE name = 'Département de Loire-Atlantique'"));
  qn = createQuestionnaire(db, { title: fresh('Satisfaction navigateur'), organisationId: dept });
  campaign = createCampaign(db, qn.id);
  const s = qn.questions;
  const sectors = ['social', 'social', 'social', 'social', 'social', 'social', 'cultural', 'cultural', 'cultural', 'cultural', 'cultural', 'other'];
  sectors.forEach((sector, i) => insertResponse([
    [s.single, i % 4 === 0 ? '__other__' : 'Social', -1, i % 4 === 0 ? 'Insertion professionnelle' : ''],
    [s.multiple, 'Outils'], [s.multiple, 'Réseau'],
    [s.yesno, i % 2 ? 'non' : 'oui'],
    [s.scale, 1 + (i % 5)], [s.nps, i % 11],
    [s.matrix, 1 + (i % 5), 0], [s.matrix, 4, 1], [s.matrix, 3, 2],
    [s.short, `Fonction ${i}`], [s.long, `Un commentaire assez long pour passer à la ligne sur un téléphone, numéro ${i}.`],
    [s.number, 10 + i], [s.date, `2027-0${3 + (i % 3)}-15`],
  ], JSON.stringify({ sector })));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, path, label, phone) {
  const res = await page.goto(server.url + path);
  assert.equal(res.status(), 200, path);
  await expectAccessible(page, label);
  if (phone) await expectNoHorizontalScroll(page, `${label} @375`);
}

for (const [name, viewport] of [['375 px', PHONE], ['1280 px', LAPTOP]]) {
  test(`results pages pass axe at ${name}`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    const phone = viewport === PHONE;
    await check(page, `/questionnaires/${qn.id}/resultats`, 'résultats', phone);
    assert.equal(await page.locator('svg[role="img"] title').count() > 5, true, 'charts with titles');
    await check(page, `/questionnaires/${qn.id}/resultats?croiser=sector`, 'croisement', phone);
    assert.match(await page.locator('main').innerText(), /Moins de 5 réponses/);
    await check(page, `/questionnaires/${qn.id}/resultats/textes/${qn.questions.long}`, 'textes libres', phone);
    await check(page, '/formations/sessions/2/evaluations/comparaison', 'avant / après', phone);
    await check(page, '/formations/programmes/1/resultats', 'publication', phone);
    await check(page, '/formations/programmes/1', 'page publique du programme', phone);
    await context.close();
  });
}
