// Results in a real browser: a questionnaire's results (charts beside their tables, NPS, matrix, free
// texts, cross-tabulation with a guarded group), the before/after comparison and a programme's
// publication page pass axe (no serious or critical violation) at 375 px and 1280 px, without
// horizontal scrolling on the phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import {
  answerAll, createCampaign, createQuestionnaire, dbValue, fresh,
} from '../../integration/questionnaire_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

let server;
let browser;
let qn;
let campaign;
let dept;

// One invited person answers every section by the link of their e-mail (their "Secteur" attribute comes
// from the sending's CSV table).
async function respond(answers, inv) {
  const res = await answerAll(new Client(server.url), inv.tokenUrl, answers);
  assert.equal(res.status, 303);
}

before(async () => {
  [server, browser] = await Promise.all([startTrame(), launch()]);
  const db = server.database;
  dept = Number(dbValue(db, "SELECT id FROM organisations WHERE name = 'Département de Loire-Atlantique'"));
  qn = await createQuestionnaire(server, { title: fresh('Satisfaction navigateur'), organisationId: dept });
  const s = qn.questions;
  const sectors = ['social', 'social', 'social', 'social', 'social', 'social', 'culturel', 'culturel', 'culturel', 'culturel', 'culturel', 'autre'];
  const emails = sectors.map(() => `${fresh('personne')}@example.org`);
  campaign = await createCampaign(server, qn.id, { audience: 'funders', tokens: true,
    recipients: ['courriel;Secteur', ...sectors.map((sector, i) => `${emails[i]};${sector}`)].join('\n') });
  for (const i of sectors.keys()) {
    await respond({
      1: { [`q${s.single}`]: i % 4 === 0 ? '__other__' : 'Social', ...(i % 4 === 0 ? { [`q${s.single}_other`]: 'Insertion professionnelle' } : {}),
        [`q${s.multiple}`]: ['Outils', 'Réseau'], [`q${s.yesno}`]: i % 2 ? 'non' : 'oui' },
      2: { [`q${s.scale}`]: String(1 + (i % 5)), [`q${s.nps}`]: String(i % 11), [`q${s.matrix}_0`]: String(1 + (i % 5)),
        [`q${s.matrix}_1`]: '4', [`q${s.matrix}_2`]: '3' },
      3: { [`q${s.short}`]: `Fonction ${i}`, [`q${s.long}`]: `Un commentaire assez long pour passer à la ligne sur un téléphone, numéro ${i}.`,
        [`q${s.number}`]: String(10 + i), [`q${s.date}`]: `2027-0${3 + (i % 3)}-15` },
    }, campaign.invitations.find((x) => x.email === emails[i]));
  }
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
    await check(page, `/questionnaires/${qn.id}/resultats?croiser=secteur`, 'croisement', phone);
    assert.match(await page.locator('main').innerText(), /Moins de 5 réponses/);
    await check(page, `/questionnaires/${qn.id}/resultats/textes/${qn.questions.long}`, 'textes libres', phone);
    await check(page, '/formations/sessions/2/evaluations/comparaison', 'avant / après', phone);
    await check(page, '/formations/programmes/1/resultats', 'publication', phone);
    await check(page, '/formations/programmes/1', 'page publique du programme', phone);
    await context.close();
  });
}
