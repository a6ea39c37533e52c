// Answering a questionnaire in a real browser on a phone (375×740): once with JavaScript disabled,
// once enabled with axe on every section page (and on the page with errors), one question answered
// with the keyboard only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { createCampaign, createInvitation, createQuestionnaire } from '../../integration/questionnaire_fixtures.mjs';
import { expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE = { width: 375, height: 740 };
let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A questionnaire built in the editor, sent by a public link, and one visitor's invitation.
async function invitation() {
  const qn = await createQuestionnaire(server);
  const campaign = await createCampaign(server, qn.id);
  return { qs: qn.questions, inv: await createInvitation(server, campaign) };
}

async function click(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function fillAll(page, qs, { keyboard = false, check = async () => {} } = {}) {
  // Section 1
  assert.match(await page.locator('#answers-progress-label').innerText(), /Section 1 sur 3/);
  await check('section 1');
  await page.getByLabel('Culturel').check();
  await page.getByLabel('Outils').check();
  await page.getByLabel('Méthodes').check();
  if (keyboard) {
    // Keyboard only: from the last field of "Vos attentes", Tab into the yes/no group, Space, arrows.
    await page.locator(`#f-q${qs.multiple}-other-text`).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    assert.ok(await page.locator(`#f-q${qs.yesno}-oui`).isChecked(), 'Oui chosen with the keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Pouvoir d’agir');
    assert.equal(await page.locator(`#f-q${qs.ifyes}`).inputValue(), 'Pouvoir d’agir');
  } else {
    await page.locator(`#f-q${qs.yesno}-oui`).check();
    await page.getByLabel('Laquelle ?').fill('Pouvoir d’agir');
  }
  await click(page, 'Suivant');
  // Section 2: Suivant without the required answers first → the error summary.
  assert.match(await page.locator('#answers-progress-label').innerText(), /Section 2 sur 3/);
  await check('section 2');
  await click(page, 'Suivant');
  assert.match(await page.locator('#error-summary').innerText(), /Satisfaction générale : Cette réponse est obligatoire/);
  await check('section 2 en erreur');
  await page.locator(`#f-q${qs.scale}-4`).check();
  await page.locator(`#f-q${qs.nps}-9`).check();
  for (const [i, v] of [[0, 5], [1, 4], [2, 3]]) await page.locator(`#f-q${qs.matrix}-${i}-${v}`).check();
  await click(page, 'Enregistrer le brouillon');
  assert.match(await page.locator('.flash-success').innerText(), /Brouillon enregistré/);
  await click(page, 'Suivant');
  // Section 3
  assert.match(await page.locator('#answers-progress-label').innerText(), /Section 3 sur 3/);
  await check('section 3');
  await page.getByLabel('Votre fonction').fill('Animatrice');
  await page.getByLabel('Un commentaire libre').fill('Très utile.');
  await page.getByLabel('Nombre de personnes accompagnées').fill('12');
  await page.getByLabel('Date de votre prochaine action').fill('2027-03-15');
  await click(page, 'Envoyer');
  assert.equal(await page.locator('h1').innerText(), 'Merci pour vos réponses');
  await check('merci');
}

test('a questionnaire answered on a phone without JavaScript', { timeout: 90000 }, async () => {
  const { qs, inv } = await invitation();
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  const res = await page.goto(server.url + inv.url);
  assert.equal(res.status(), 200);
  await fillAll(page, qs, { check: async (label) => expectNoHorizontalScroll(page, label) });
  await page.goto(server.url + inv.url);
  assert.match(await page.locator('main').innerText(), /Vous avez déjà répondu à ce questionnaire. Merci !/);
  await context.close();
});

test('with JavaScript: every section page passes axe, one question by keyboard only', { timeout: 120000 }, async () => {
  const { qs, inv } = await invitation();
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await page.goto(server.url + inv.url);
  await fillAll(page, qs, {
    keyboard: true,
    check: async (label) => {
      await expectNoHorizontalScroll(page, label);
      await expectAccessible(page, label);
    },
  });
  await context.close();
  // The expired and forged pages too.
  const { context: c2, page: p2 } = await newPage(browser, { viewport: PHONE });
  const forged = await p2.goto(`${server.url}/questionnaires/repondre/jeton-forge-AAAAAAAAAAAAAAAAAAAA`);
  assert.equal(forged.status(), 404);
  await expectAccessible(p2, 'lien inconnu');
  await c2.close();
});

test('the list of questionnaires to answer passes axe on a phone', { timeout: 60000 }, async () => {
  const qn = await createQuestionnaire(server, { anonymous: false });
  const campaign = await createCampaign(server, qn.id, { audience: 'funders', emails: [DEMO.trainee] });
  const [inv] = campaign.invitations;
  assert.ok(inv.userId, 'the trainee\'s own invitation');
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.trainee, DEMO_PASSWORD);
  const res = await page.goto(`${server.url}/questionnaires/a-remplir`);
  assert.equal(res.status(), 200);
  await expectNoHorizontalScroll(page, 'à remplir');
  await expectAccessible(page, 'à remplir');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: qn.title }).click()]);
  assert.equal(new URL(page.url()).pathname, `/questionnaires/invitations/${inv.id}`);
  await expectAccessible(page, 'invitation nominative');
  await context.close();
});
