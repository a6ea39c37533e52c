// The quality registers and the training documents in a real browser: a complaint is filed on a
// phone without JavaScript; every page (public form, register, complaint, actions, Qualiopi
// evidence, yearly figures, session documents, the trainee's documents) passes axe and fits a
// 375 px screen without horizontal scrolling.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, path, label) {
  const res = await page.goto(server.url + path);
  assert.equal(res.status(), 200, `${label}: ${path}`);
  await expectNoHorizontalScroll(page, label);
  await expectAccessible(page, label);
}

test('a complaint is filed on a phone without JavaScript', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  await page.goto(`${server.url}/formations/reclamations/nouvelle`);
  await page.getByLabel('Vos nom et prénom').fill('Lucie Navigateur');
  await page.getByLabel('Votre adresse électronique').fill('lucie@example.org');
  await page.getByLabel('Vous êtes').selectOption('funder');
  await page.getByLabel('Organisme concerné').selectOption({ label: 'Sagiterre' });
  await page.getByLabel('Objet').fill('Facture reçue en retard');
  await page.getByLabel('Votre réclamation').fill('La facture de la session nous est parvenue deux mois après.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Envoyer la réclamation' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Réclamation enregistrée');
  assert.match(await page.locator('#complaint-number').innerText(), /^\d+$/);
  await context.close();
});

test('the public form and the confirmation pass axe on a phone', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await check(page, '/formations/reclamations/nouvelle', 'formulaire de réclamation');
  await page.getByRole('button', { name: 'Envoyer la réclamation' }).evaluate((b) => b.closest('form').noValidate = true);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Envoyer la réclamation' }).click()]);
  assert.match(await page.locator('#error-summary').innerText(), /Indiquez votre nom/);
  await expectAccessible(page, 'formulaire de réclamation en erreur');
  await check(page, '/formations/reclamations/nouvelle?envoyee=1', 'réclamation enregistrée');
  await context.close();
});

test("the organiser's quality pages pass axe and fit a phone", { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await check(page, '/formations/reclamations', 'registre des réclamations');
  await check(page, '/formations/reclamations/2', 'réclamation ouverte');
  await check(page, '/formations/reclamations/1', 'réclamation close');
  await check(page, '/formations/actions', "actions d'amélioration");
  await check(page, '/formations/programmes/2/qualiopi', 'preuves Qualiopi');
  await check(page, '/formations/bilan?annee=2027', 'bilan');
  await check(page, '/formations/sessions/4/documents', 'documents de la session');
  await context.close();
  const coordinator = await newPage(browser, { viewport: PHONE });
  await login(coordinator.page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  await check(coordinator.page, '/formations/bilan?annee=2023', 'bilan 2023');
  await check(coordinator.page, '/formations/sessions/2/documents', 'documents (Ancenis)');
  await coordinator.context.close();
  const trainee = await newPage(browser, { viewport: PHONE });
  await login(trainee.page, server.url, DEMO.trainee, DEMO_PASSWORD);
  await check(trainee.page, '/formations/mes-documents', 'mes documents');
  await trainee.context.close();
});
