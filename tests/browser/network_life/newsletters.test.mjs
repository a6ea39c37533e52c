// Newsletters in a real browser, on a phone (390 px) and a laptop (1280 px): the network coordinator of
// Cultures du Cœur 94 opens Communication, writes a newsletter with an empty subject (refused, announced,
// the field marked, the body kept), then a right one for the partners, reads its preview (HTML, text,
// the count) and sends it; the recipient's unsubscribe page (no login) shows a button and unsubscribes
// only when pressed; the archive is public. Every page visited passes axe (no serious or critical
// violation) and fits the screen's width with its actions on screen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText, newPage,
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

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`the coordinator writes, previews and sends a newsletter; a partner unsubscribes, at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, 'animation@culturesducoeur94.local', DEMO_PASSWORD);
    await page.goto(`${server.url}/communication`);
    await checked(page, `communication @${size}`);
    assert.match(await mainText(page), /Lettre du réseau — printemps 2024/);
    await click(page, page.getByRole('link', { name: 'Nouvelle lettre' }));
    await checked(page, `nouvelle lettre @${size}`);
    const body = `## Forum culture\n\nLe **forum** ouvre ses portes. ${randomBytes(3).toString('hex')}`;
    await page.fill('#nl-body', body);
    await page.check('#nl-seg-partners');
    await click(page, page.getByRole('button', { name: 'Enregistrer et prévisualiser' }));
    await expectAccessible(page, `lettre refusée @${size}`);
    assert.match(await page.locator('[role="alert"]').innerText(), /Indiquez l'objet de la lettre/);
    assert.equal(await page.locator('#nl-subject').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#error-summary a').getAttribute('href'), '#nl-subject');
    assert.equal(await page.inputValue('#nl-body'), body);
    const subject = `Forum ${size} ${randomBytes(3).toString('hex')}`;
    await page.fill('#nl-subject', subject);
    await click(page, page.getByRole('button', { name: 'Enregistrer et prévisualiser' }));
    await checked(page, `aperçu @${size}`);
    const preview = await mainText(page);
    assert.match(preview, /destinataires? recevr/);
    assert.match(preview, /Version texte/);
    assert.equal(await page.locator('.newsletters-body h2', { hasText: 'Forum culture' }).count(), 1);
    await click(page, page.getByRole('button', { name: 'Envoyer maintenant' }));
    assert.match(await mainText(page), /La lettre est envoyée/);
    await checked(page, `lettre envoyée @${size}`);
    await context.close();

    // The link of one recipient (read from the outbox: this server has no SMTP), opened without logging in.
    const id = querySql(server.database, `SELECT id FROM life_newsletters WHERE subject = '${subject}'`);
    const headers = querySql(server.database, 'SELECT o.extra_headers FROM mail_outbox o JOIN life_newsletter_deliveries d '
      + `ON d.mail_id = o.id WHERE d.newsletter_id = ${id} ORDER BY d.id LIMIT 1`);
    const path = headers.match(/(\/communication\/desabonnement\/[A-Za-z0-9_-]{32})>/)[1];
    const visitor = await newPage(browser, { viewport });
    await visitor.page.goto(`${server.url}${path}`);
    await checked(visitor.page, `désabonnement @${size}`);
    const before = querySql(server.database, `SELECT COUNT(*) FROM life_newsletter_unsubscriptions WHERE newsletter_id = ${id}`);
    assert.equal(before, '0', 'opening the link changes nothing');
    await click(visitor.page, visitor.page.getByRole('button', { name: 'Me désabonner' }));
    assert.match(await mainText(visitor.page), /vous ne recevrez plus les lettres d'information de Cultures du Cœur 94/);
    await checked(visitor.page, `désabonné @${size}`);
    assert.equal(querySql(server.database, `SELECT COUNT(*) FROM life_newsletter_unsubscriptions WHERE newsletter_id = ${id}`), '1');
    await visitor.page.goto(`${server.url}/communication/lettres`);
    await checked(visitor.page, `archive @${size}`);
    assert.match(await mainText(visitor.page), new RegExp(subject));
    await visitor.context.close();
  });
}
