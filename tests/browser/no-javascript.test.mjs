// Progressive enhancement: with JavaScript turned off, a person can still log in, use the
// dashboard, submit a form and log out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../integration/harness.mjs';
import { launch, login, logout, mainText, newPage, openMenu } from './browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('without JavaScript, logging in reaches the dashboard, forms work and logging out works', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false });
  // Proof that scripts really are off: a script the page would run leaves no trace.
  await page.goto('data:text/html,<p id="p">sans</p><script>document.getElementById("p").textContent = "avec";</script>');
  assert.equal(await page.locator('#p').innerText(), 'sans');

  await page.goto(server.url + '/');
  await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('link', { name: 'Se connecter' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/connexion');
  await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tableau-de-bord');
  assert.equal(await page.locator('h1').innerText(), 'Tableau de bord');
  assert.match(await mainText(page), /Bonjour .+\./);
  assert.match(await mainText(page), /Référent·e/);
  // The page is styled (the stylesheet does not depend on scripts): the header is dark.
  const headerColour = await page.locator('header.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(headerColour, 'rgb(29, 35, 48)');

  // A form with a redirect after it: saving the profile.
  await openMenu(page);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Mon compte' }).click()]);
  await page.fill('#name', 'Référente sans script');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer le profil' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/compte');
  assert.match(await page.locator('main [role="status"]').innerText(), /Profil enregistré\./);
  assert.equal(await page.locator('#name').inputValue(), 'Référente sans script');

  await logout(page);
  assert.match(await mainText(page), /Vous êtes déconnecté·e\./);
  await page.goto(server.url + '/tableau-de-bord');
  assert.equal(new URL(page.url()).pathname, '/connexion', 'the session is closed');
  await context.close();
});
