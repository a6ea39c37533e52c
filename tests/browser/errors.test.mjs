// Error pages and error messages are in French, say what happened and what to do, and pass axe.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import { expectAccessible, launch, login, mainText, newPage } from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an unknown address shows a French 404 page that leads back home', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser);
  const res = await page.goto(server.url + '/nulle-part/ici');
  assert.equal(res.status(), 404);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await page.title(), 'Page introuvable — Trame');
  assert.equal(await page.locator('h1').innerText(), 'Page introuvable');
  const text = await mainText(page);
  assert.match(text, /Cette page n'existe pas ou n'existe plus\./);
  assert.match(text, /Code d'erreur : 404/);
  await expectAccessible(page, '404');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: "Revenir à l'accueil" }).click()]);
  assert.equal(new URL(page.url()).pathname, '/');
  await context.close();
});

test('a failed login says so in French, keeps the address and is announced', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.administrator, 'pas le bon mot de passe');
  assert.equal(new URL(page.url()).pathname, '/connexion');
  const alert = page.locator('main [role="alert"]');
  assert.equal(await alert.innerText(), 'Adresse ou mot de passe incorrect.');
  assert.equal(await page.locator('#email').inputValue(), DEMO.administrator);
  for (const field of ['#email', '#password']) {
    assert.equal(await page.locator(field).getAttribute('aria-describedby'), await alert.getAttribute('id'), `${field} points at the message`);
  }
  assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');
  await expectAccessible(page, 'échec de connexion');
  // An unknown address gets the very same message (no account enumeration).
  await login(page, server.url, 'personne@exemple.fr', 'pas le bon mot de passe');
  assert.equal(await page.locator('main [role="alert"]').innerText(), 'Adresse ou mot de passe incorrect.');
  await context.close();
});

test('a page the user may not see gives a French 403 page', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.volunteer, DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  const res = await page.goto(server.url + '/admin/utilisateurs');
  assert.equal(res.status(), 403);
  assert.equal(await page.locator('h1').innerText(), 'Accès refusé');
  assert.match(await mainText(page), /Vous n'avez pas les droits nécessaires/);
  assert.match(await mainText(page), /Code d'erreur : 403/);
  await expectAccessible(page, '403');
  await context.close();
});

test('a wrong second-factor code and a bad new password get French messages tied to their fields', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser);
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  await page.goto(server.url + '/compte');
  await page.fill('#current_password', DEMO_PASSWORD);
  await page.fill('#password', 'court-court');
  await page.fill('#password_confirm', 'court-court');
  // The browser's own check (minlength) would stop this form: send it as a script-less client would.
  await page.locator('#password').evaluate((el) => el.removeAttribute('minlength'));
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Changer le mot de passe' }).click()]);
  const error = page.locator('#password-error');
  assert.equal(await error.innerText(), 'Le mot de passe doit contenir au moins 12 caractères.');
  assert.match(await page.locator('#password').getAttribute('aria-describedby'), /password-error/);
  await expectAccessible(page, 'mot de passe trop court');

  await page.goto(server.url + '/compte/double-authentification');
  await page.fill('#code', '000000');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Activer la double authentification' }).click()]);
  assert.match(await page.locator('#code-error').innerText(), /Ce code n'est pas valable/);
  assert.equal(await page.locator('#code').getAttribute('aria-describedby'), 'code-error');
  await expectAccessible(page, 'code faux');
  await context.close();
});

// The accessibility check itself: it fails on a serious violation (an image without text, text without
// contrast), passes the same page corrected, checks a page again after it changed, and refuses a page
// with a frame (axe would not enter it).
test('the accessibility check fails on serious violations and passes the corrected page', async () => {
  const { context, page } = await newPage(browser);
  const faulty = '<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
    + '<img src="/static/favicon.svg"><p style="color:#999;background:#aaa">Un texte peu lisible.</p></main></body></html>';
  await page.setContent(faulty);
  await assert.rejects(expectAccessible(page, 'essai'), (e) => /image-alt/.test(e.message) && /color-contrast/.test(e.message));
  await page.evaluate(() => {
    document.querySelector('img').alt = 'Logo';
    document.querySelector('p').style.cssText = 'color:#222;background:#fff';
  });
  await expectAccessible(page, 'essai corrigé');
  await page.evaluate(() => { document.querySelector('img').removeAttribute('alt'); });
  await assert.rejects(expectAccessible(page, 'essai modifié'), /image-alt/);
  await page.setContent(`${faulty.replace('<main>', '<main><iframe title="cadre" srcdoc="<p>cadre</p>"></iframe>')}`);
  await assert.rejects(expectAccessible(page, 'cadre'), /a frame in the page/);
  await context.close();
});
