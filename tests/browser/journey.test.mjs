// The journey from the issue, in a real browser: the administrator invites a colleague, the
// colleague joins through the e-mailed link, the administrator changes their password and turns
// on the second factor. Every page visited passes axe (no serious or critical violation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame, totp } from '../integration/harness.mjs';
import { expectAccessible, launch, login, logout, mainText, newPage, openMenu } from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const STEP_MS = 30000;

// Submits the form that holds `button` and waits for the page that follows (Post/Redirect/Get).
async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), button.click()]);
}

async function flashText(page) {
  return (await page.locator('main .flash').allInnerTexts()).join('\n');
}

test('an administrator invites a colleague, who joins; the administrator secures the account', { timeout: 120000 }, async () => {
  const visited = [];
  const { context: adminContext, page } = await newPage(browser);
  const check = async (label) => {
    await expectAccessible(page, label);
    visited.push(new URL(page.url()).pathname);
  };

  // Home, then the login page.
  await page.goto(server.url + '/');
  await check('accueil');
  await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('link', { name: 'Se connecter' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/connexion');
  await check('connexion');

  // The administrator logs in and sees the dashboard.
  await page.fill('#email', DEMO.administrator);
  await page.fill('#password', DEMO_PASSWORD);
  await submit(page, page.locator('main').getByRole('button', { name: 'Se connecter' }));
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  assert.equal(await page.locator('h1').innerText(), 'Tableau de bord');
  assert.match(await mainText(page), /Bonjour Administratrice Trame\./);
  await check('tableau de bord (administratrice)');

  // Invites a colleague.
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Inviter un ou une collègue' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/admin/utilisateurs');
  await check('utilisateurs');
  const colleague = { email: 'camille.durand@exemple.fr', name: 'Camille Durand', password: 'velo rouge sous la pluie 42' };
  await page.fill('#invite-email', colleague.email);
  await page.fill('#invite-name', colleague.name);
  const organisation = await page.locator('#invite-organisation option').nth(1).innerText();
  await page.selectOption('#invite-organisation', { label: organisation });
  await page.selectOption('#invite-role', 'volunteer');
  await submit(page, page.getByRole('button', { name: "Envoyer l'invitation" }));
  assert.equal(new URL(page.url()).pathname, '/admin/utilisateurs');
  assert.match(await page.locator('main [role="status"]').innerText(), new RegExp(`Invitation envoyée à ${colleague.email.replace(/\./g, '\\.')}\\.`));
  assert.match(await page.locator('#invite-title').locator('..').innerText(), new RegExp(`${colleague.name} <${colleague.email}>`));
  await check('utilisateurs, invitation envoyée');

  // Opens the development mailbox and the invitation e-mail.
  await page.goto(server.url + '/tableau-de-bord');
  assert.match(await page.locator('.figures').innerText(), /Invitations en attente\s+[1-9]/);
  await check('tableau de bord, une invitation en attente');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Boîte aux lettres de développement' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/dev/courriels');
  await check('boîte aux lettres');
  const row = page.locator('tbody tr', { hasText: colleague.email });
  await assert.doesNotReject(row.first().waitFor(), 'the invitation e-mail is listed in the mailbox');
  await Promise.all([page.waitForNavigation(), row.first().getByRole('link', { name: 'Invitation à rejoindre Trame' }).click()]);
  assert.match(new URL(page.url()).pathname, /^\/dev\/courriels\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), 'Invitation à rejoindre Trame');
  await check('courriel d\'invitation');
  const body = await page.locator('pre.mail-body').innerText();
  assert.match(body, new RegExp(`Bonjour ${colleague.name}`));
  const link = (body.match(/https?:\/\/\S+\/invitation\/\S+/) || [])[0];
  assert.ok(link, `an invitation link in the e-mail:\n${body}`);
  assert.equal(new URL(link).origin, server.url, 'the link points at this server');

  // The colleague follows the link in a browser of their own and accepts the invitation.
  const { context: colleagueContext, page: cpage } = await newPage(browser);
  const ccheck = async (label) => {
    await expectAccessible(cpage, label);
    visited.push(new URL(cpage.url()).pathname);
  };
  const res = await cpage.goto(link);
  assert.equal(res.status(), 200);
  assert.equal(await cpage.locator('h1').innerText(), 'Rejoindre Trame');
  assert.match(await mainText(cpage), new RegExp(`${organisation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — Bénévole`));
  assert.match(await mainText(cpage), new RegExp(colleague.email.replace(/\./g, '\\.')));
  await ccheck('accepter l\'invitation');
  await cpage.fill('#name', colleague.name);
  await cpage.fill('#password', colleague.password);
  await cpage.fill('#password_confirm', colleague.password);
  await Promise.all([cpage.waitForNavigation(), cpage.getByRole('button', { name: 'Créer mon compte' }).click()]);
  assert.equal(new URL(cpage.url()).pathname, '/connexion');
  assert.match(await flashText(cpage), /Votre compte est créé/);
  await ccheck('connexion après création du compte');

  // The colleague logs in.
  await cpage.fill('#email', colleague.email);
  await cpage.fill('#password', colleague.password);
  await Promise.all([cpage.waitForNavigation(), cpage.locator('main').getByRole('button', { name: 'Se connecter' }).click()]);
  assert.equal(new URL(cpage.url()).pathname, '/tableau-de-bord');
  assert.match(await mainText(cpage), new RegExp(`Bonjour ${colleague.name}\\.`));
  assert.match(await mainText(cpage), /Bénévole/);
  assert.equal(await cpage.getByRole('link', { name: 'Utilisateurs' }).count(), 0, 'a volunteer has no admin menu');
  await ccheck('tableau de bord (collègue)');
  // The invitation link has served once: it cannot serve again.
  await cpage.goto(link);
  assert.match(await mainText(cpage), /Ce lien n'est plus valable/);
  await ccheck('lien d\'invitation déjà utilisé');
  await colleagueContext.close();

  // Back as the administrator: changes their password.
  await page.goto(server.url + '/admin/utilisateurs?q=camille');
  assert.match(await page.locator('tbody').innerText(), new RegExp(`${colleague.name}\\s+${colleague.email.replace(/\./g, '\\.')}`));
  await check('recherche de la collègue');
  await openMenu(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Mon compte' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/compte');
  await check('mon compte');
  const newPassword = 'grande marée sur le quai 2026';
  await page.fill('#current_password', DEMO_PASSWORD);
  await page.fill('#password', newPassword);
  await page.fill('#password_confirm', newPassword);
  await submit(page, page.getByRole('button', { name: 'Changer le mot de passe' }));
  assert.match(await flashText(page), /Mot de passe changé\./);
  await check('mot de passe changé');

  await logout(page);
  assert.match(await flashText(page), /Vous êtes déconnecté·e\./);
  await check('après déconnexion');
  await login(page, server.url, DEMO.administrator, DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/connexion', 'the old password no longer works');
  assert.match(await page.locator('#login-error').innerText(), /Adresse ou mot de passe incorrect\./);
  await check('ancien mot de passe refusé');
  await login(page, server.url, DEMO.administrator, newPassword);
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  await check('tableau de bord (nouveau mot de passe)');

  // Enables the second factor.
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Double authentification' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/compte/double-authentification');
  await check('activer la double authentification');
  const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  const enrolStep = Math.floor(Date.now() / STEP_MS);
  await page.fill('#code', totp(secret, enrolStep * STEP_MS));
  await submit(page, page.getByRole('button', { name: 'Activer la double authentification' }));
  assert.match(await flashText(page), /Double authentification activée\./);
  assert.match(await mainText(page), /La double authentification est activée\./);
  await check('double authentification activée');

  // Logs out, logs in again: a fresh code is asked for at /connexion/code.
  await logout(page);
  await login(page, server.url, DEMO.administrator, newPassword);
  assert.equal(new URL(page.url()).pathname, '/connexion/code');
  assert.equal(await page.locator('h1').innerText(), 'Code de vérification');
  await check('code de vérification');
  // The code used at enrolment cannot be replayed: use the next time step (the server allows
  // one step of clock drift), or the current one if time has already moved on.
  const step = Math.max(Math.floor(Date.now() / STEP_MS), enrolStep + 1);
  await page.fill('#code', totp(secret, step * STEP_MS));
  await submit(page, page.getByRole('button', { name: 'Vérifier' }));
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  assert.match(await mainText(page), /Bonjour Administratrice Trame\./);
  await check('tableau de bord (après le code)');

  // Logs out: the dashboard is no longer reachable.
  await logout(page);
  assert.match(await flashText(page), /Vous êtes déconnecté·e\./);
  await page.goto(server.url + '/tableau-de-bord');
  const back = new URL(page.url());
  assert.equal(back.pathname, '/connexion');
  assert.equal(back.searchParams.get('suivant'), '/tableau-de-bord');
  assert.equal(await page.locator('input[name="suivant"]').inputValue(), '/tableau-de-bord');
  await check('connexion requise');
  await adminContext.close();

  assert.ok(visited.length >= 20, `axe ran on ${visited.length} pages`);
});
