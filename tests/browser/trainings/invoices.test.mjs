// Invoices in a real browser, on a phone (390 px) and a laptop (1280 px): Sagiterre's training staff opens the
// invoices page of « Session printemps 2027 », bills a new trainee's employer through the « Facturer » form, opens
// the invoice (PDF link, proof of sending), records a payment of the whole amount and reads « Payée »; an amount
// over the rest is refused with the field marked. Every page passes axe and fits the screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD } from '../../integration/harness.mjs';
import { newTrainee, sessionId } from '../../integration/trainings/invoices_fixtures.mjs';
import { LAPTOP, PHONE_390, login, mainText, newPage } from '../browser.mjs';
import { checked, click, start, stop } from '../network_life/events_fixtures.mjs';

let server, browser;
before(async () => { ({ server, browser } = await start()); });
after(() => stop(server, browser));

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`staff invoices a trainee's employer and records the payment, at ${size} px`, { timeout: 60000 }, async () => {
    const session = sessionId(server.database);
    const t = newTrainee(server.database, session, { organisation: `Employeur navigateur ${size}` });
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(`${server.url}/formations/sessions/${session}/factures`);
    await checked(page, `factures de la session @${size}`);
    const form = page.locator(`#bill-${t.application}`);
    assert.equal(await form.locator('[name="buyer_name"]').inputValue(), `Employeur navigateur ${size}`);
    assert.equal(await form.locator('[name="amount_rest"]').inputValue(), '1500,00');
    // Too much: refused, the field marked, the values kept.
    await form.locator('[name="amount_rest"]').fill('2000');
    await click(page, form.getByRole('button', { name: 'Émettre les factures' }));
    await checked(page, `facturation refusée @${size}`);
    const refused = page.locator(`#bill-${t.application}`);
    assert.match(await refused.locator('[role="alert"]').innerText(), /dépasse le reste à charge/);
    assert.equal(await refused.locator('[name="amount_rest"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await refused.locator('[name="amount_rest"]').inputValue(), '2000');
    await refused.locator('[name="amount_rest"]').fill('1500');
    await refused.locator('[name="email_rest"]').fill(`compta-${t.tag}@example.org`);
    await click(page, refused.getByRole('button', { name: 'Émettre les factures' }));
    assert.match(await mainText(page), /1 facture émise/);
    const number = await page.locator('tr', { hasText: t.name }).locator('a[data-invoice]').first().innerText();
    assert.match(number, /^F20\d\d-\d{4}$/);
    await click(page, page.getByRole('link', { name: number }));
    await checked(page, `facture @${size}`);
    let text = await mainText(page);
    assert.match(text, new RegExp(`Envoyée à compta-${t.tag}@example.org`));
    assert.match(text, /Télécharger le PDF/);
    assert.equal(await page.inputValue('#payment-amount'), '1500,00');
    await page.selectOption('#payment-method', 'transfer');
    await page.fill('#payment-reference', `VIR ${t.tag}`);
    await click(page, page.getByRole('button', { name: 'Enregistrer le paiement' }));
    await checked(page, `facture payée @${size}`);
    text = await mainText(page);
    assert.match(text, /Le paiement a été enregistré/);
    assert.equal(await page.locator('#invoice-status').innerText(), 'Payée');
    assert.match(text, new RegExp(`VIR ${t.tag}`));
    await context.close();
  });
}
