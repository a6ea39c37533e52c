// The users' admin of a network past 200 organisations (issue 22, session 18): the invitation form searches
// the organisation by name (a GET form, no JavaScript) instead of listing every organisation. In a real
// browser, at 360 px and 1280 px: no horizontal scroll, axe without serious violation before and after a
// search; the organisation found is chosen and the invitation sent.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
const ADMIN = 'admin@trame.local';
const WORD = `Cherche${randomBytes(3).toString('hex')}`;
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  const values = [];
  for (let i = 1; i <= 210; i += 1) values.push(`('Structure ${WORD} ${i}', 'social', 'active', 0)`);
  values.push(`('Théâtre ${WORD} Élan', 'cultural', 'active', 0)`);
  querySql(server.database, `INSERT INTO organisations (name, kind, status, created_at) VALUES ${values.join(', ')}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the invitation form searches the organisation by name, accessible on a phone and a laptop', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE_360, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, ADMIN, DEMO_PASSWORD);
    await page.goto(server.url + '/admin/utilisateurs');
    assert.equal(await page.locator('#invite-organisation option').count(), 0);
    await expectNoHorizontalScroll(page, `utilisateurs @${viewport.width}`);
    await expectAccessible(page, `utilisateurs @${viewport.width}`);

    await page.getByLabel('Chercher la structure par son nom').fill(`theatre ${WORD} elan`);
    await Promise.all([page.waitForNavigation(), page.getByLabel('Chercher la structure par son nom').press('Enter')]);
    assert.deepEqual(await page.locator('#invite-organisation option').allInnerTexts(), [`Théâtre ${WORD} Élan`]);
    await expectNoHorizontalScroll(page, `utilisateurs, recherche @${viewport.width}`);
    await expectAccessible(page, `utilisateurs, recherche @${viewport.width}`);

    const email = `picker-${viewport.width}-${WORD.toLowerCase()}@trame.test`;
    await page.locator('#invite-email').fill(email);
    await page.locator('#invite-name').fill('Paula Picker');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /Envoyer l.invitation|Inviter/ }).click()]);
    assert.match(await page.locator('main').innerText(), new RegExp(`Invitation envoyée à ${email.replace(/[.]/g, '\\.')}`));
    await context.close();
  }
});
