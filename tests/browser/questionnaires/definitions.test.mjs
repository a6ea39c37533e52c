// Questionnaire definitions in a real browser: a question is added on a phone without JavaScript;
// the list and library, the editor, the question form (also with a refusal shown) and the preview of
// every kind pass axe and fit a 375 px screen without horizontal scrolling.
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

async function check(page, path, label, status = 200) {
  const res = await page.goto(server.url + path);
  assert.equal(res.status(), status, `${label}: ${path}`);
  await expectNoHorizontalScroll(page, label);
  await expectAccessible(page, label);
}

test('a questionnaire is created and a question added on a phone without JavaScript', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await page.goto(`${server.url}/questionnaires`);
  await page.locator('#n-title').fill('Questionnaire du navigateur');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer le questionnaire' }).click()]);
  assert.match(page.url(), /\/questionnaires\/\d+$/);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Ajouter une question/ }).first().click()]);
  await page.getByLabel('Type de question').selectOption('single');
  await page.getByLabel('Intitulé de la question').fill('Votre profil');
  await page.getByLabel('Options de réponse').fill('Social');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ajouter la question' }).click()]);
  assert.match(await page.locator('[role=alert]').innerText(), /au moins deux options/);
  assert.equal(await page.getByLabel('Intitulé de la question').inputValue(), 'Votre profil');
  await page.getByLabel('Options de réponse').fill('Social\nCulturel');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ajouter la question' }).click()]);
  assert.match(page.url(), /#question-\d+$/);
  assert.match(await page.locator('.q-item').first().innerText(), /Votre profil/);
  await context.close();
});

test('the questionnaires pages pass axe and fit a phone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
  await check(page, '/questionnaires', 'list and library');
  const preview = await page.locator('a[href$="/apercu"]').first().getAttribute('href');
  await check(page, preview, 'template preview');
  // Sagiterre's demo copies: the editor, a question, the preview.
  await page.goto(`${server.url}/questionnaires?type=satisfaction`);
  const href = await page.locator('table a').first().getAttribute('href');
  await check(page, href, 'editor');
  await check(page, `${href}/apercu`, 'preview with a matrix and a recommendation score');
  await page.goto(server.url + href);
  const edit = await page.locator('.q-item a').first().getAttribute('href');
  await check(page, edit, 'question form');
  await check(page, `${href}/questions/nouvelle`, 'new question form');
  // A refusal rendered (422) passes too.
  await page.getByLabel('Type de question').selectOption('matrix');
  await page.getByLabel('Intitulé de la question').fill('Notez');
  await page.getByRole('button', { name: 'Ajouter la question' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('[role=alert]').innerText(), /au moins deux lignes/);
  await expectNoHorizontalScroll(page, 'refusal');
  await expectAccessible(page, 'refusal');
  await context.close();
});
