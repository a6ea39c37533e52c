// Issue 18's "done when": Sagiterre's staff goes from an application to a paid invoice in the browser,
// with axe on every page. On « Session printemps 2027 », as formation@sagiterre.local at laptop size:
// an application is admitted and given its employer's funding line; a quote is made and sent, and the
// employer accepts it through its link (no account, phone size); an agreement is made and sent, and
// the employer signs it through its link (phone size); the invoice is issued and its payment recorded:
// the invoice is paid. Then the employer's funder file (ZIP) is downloaded from the funders' files page
// and its PDFs are read back with pdftotext (quote, programme, agreement, invoice).
// Links sent to the other party are read from the outbox (the server runs without SMTP).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame, until } from '../../integration/harness.mjs';
import { dbRows, dbValue, q } from '../../integration/questionnaire_fixtures.mjs';
import { parseSummary, pdfText, readZip } from '../../integration/trainings/funder_files_fixtures.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const EMPLOYER = 'Association Les Liens du Quartier';
const EMPLOYER_EMAIL = `direction.${Date.now().toString(36)}@liens-du-quartier.example`;

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

async function noAlert(page, label) {
  const alerts = page.locator('main [role="alert"]');
  if (await alerts.count()) assert.fail(`${label}: ${await alerts.first().innerText()}`);
}

async function audit(page, label, phone = false) {
  await expectAccessible(page, label);
  if (phone) await expectNoHorizontalScroll(page, `${label} @390`);
}

// The newest outbox message to `to` whose body holds a link starting with `prefix` (polled: the
// sending is queued in the same transaction, but the page may come back first).
async function linkSentTo(to, prefix) {
  return until(() => {
    const rows = dbRows(server.database, `SELECT body FROM mail_outbox WHERE recipient = ${q(to)} ORDER BY id DESC`);
    for (const [body] of rows) {
      const m = body.match(new RegExp(`https?://[^\\s"<>]+(${prefix.replace(/\//g, '\\/')}[A-Za-z0-9_-]+)`));
      if (m) return m[1];
    }
    return null;
  }, `a link ${prefix}… sent to ${to}`, 10000);
}

test('from an application to a paid invoice, then the funder file', { timeout: 90000 }, async () => {
  const contexts = [];
  try {
    const org = await newPage(browser, { viewport: LAPTOP, acceptDownloads: true });
    contexts.push(org.context);
    const page = org.page;
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);

    // The session, from the management page.
    const session = Number(dbValue(server.database, "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027'"));
    const sessionUrl = `${server.url}/formations/sessions/${session}`;
    await page.goto(sessionUrl);
    await audit(page, 'session (gestion)');

    // 1. An application is admitted and its employer's funding line added.
    await submit(page, page.getByRole('link', { name: 'Candidatures', exact: true }));
    await audit(page, 'candidatures');
    await submit(page, page.getByRole('link', { name: 'Camille Martin' }));
    const application = Number(page.url().match(/\/formations\/candidatures\/(\d+)/)[1]);
    await audit(page, 'candidature');
    await page.locator('#e-decision').selectOption('admitted');
    await page.locator('#e-reason').fill('Projet en lien direct avec la formation.');
    await submit(page, page.locator('#e-decision').locator('xpath=ancestor::form').locator('button[type="submit"]'));
    await noAlert(page, 'admission');
    assert.equal(await page.locator('#application-status').innerText(), 'Admis·e');
    await page.locator('#e-funder').selectOption('employer');
    await page.locator('#e-funder_name').fill(EMPLOYER);
    await page.locator('#e-amount').fill('1500');
    await page.locator('#e-status').selectOption('agreed');
    await submit(page, page.locator('#e-funder').locator('xpath=ancestor::form').locator('button[type="submit"]'));
    await noAlert(page, 'ligne de financement');
    await audit(page, 'admise, financement ajouté');

    // 2. A quote to the employer, sent; accepted through its link on a phone.
    await page.goto(sessionUrl);
    await submit(page, page.getByRole('link', { name: 'Devis', exact: true }));
    await audit(page, 'devis de la session');
    await page.locator('#q-application').selectOption(String(application));
    await page.locator('#q-party_kind-employer').check();
    await page.locator('#q-party_name').fill(EMPLOYER);
    await page.locator('#q-party_address').fill('12 rue des Tisserands, 44000 Nantes');
    await page.locator('#q-party_email').fill(EMPLOYER_EMAIL);
    await submit(page, page.getByRole('button', { name: 'Établir le devis' }));
    await noAlert(page, 'devis établi');
    await audit(page, 'devis');
    await submit(page, page.locator('#send-button'));
    await noAlert(page, 'devis envoyé');
    const quoteLink = await linkSentTo(EMPLOYER_EMAIL, '/devis/');

    const party = await newPage(browser, { viewport: PHONE_390 });
    contexts.push(party.context);
    const pp = party.page;
    await pp.goto(server.url + quoteLink);
    await audit(pp, 'devis (lien public)', true);
    await pp.locator('#p-name').fill('Claire Dumont');
    await pp.locator('#p-agree').check();
    await submit(pp, pp.locator('#accept-button'));
    await noAlert(pp, 'devis accepté');
    assert.match(await pp.locator('#public-accepted').innerText(), /Claire Dumont/);
    await audit(pp, 'devis accepté', true);

    // 3. An agreement with the employer, sent; signed through its link on a phone.
    await page.goto(sessionUrl);
    await submit(page, page.getByRole('link', { name: 'Conventions et contrats', exact: true }));
    await audit(page, 'conventions de la session');
    await page.locator('#a-kind-convention').check();
    await page.locator('#a-application').selectOption(String(application));
    await page.locator('#a-party_name').fill(EMPLOYER);
    await page.locator('#a-party_representative').fill('Claire Dumont, directrice');
    await page.locator('#a-party_email').fill(EMPLOYER_EMAIL);
    await submit(page, page.locator('#agreement-new button[type="submit"]'));
    await noAlert(page, 'convention établie');
    await audit(page, 'convention');
    await submit(page, page.locator('#agreement-send button[type="submit"]'));
    await noAlert(page, 'convention envoyée');
    const agreementLink = await linkSentTo(EMPLOYER_EMAIL, '/conventions/');
    await pp.goto(server.url + agreementLink);
    await audit(pp, 'convention (lien public)', true);
    await pp.locator('#s-signer_name').fill('Claire Dumont');
    await pp.locator('#s-approved').check();
    await submit(pp, pp.locator('#agreement-sign button[type="submit"]'));
    await noAlert(pp, 'convention signée');
    assert.match(await mainText(pp), /Claire Dumont/);
    await audit(pp, 'convention signée', true);

    // 4. The invoice to the employer, issued; its payment recorded: paid.
    await page.goto(sessionUrl);
    await submit(page, page.getByRole('link', { name: 'Factures', exact: true }));
    await audit(page, 'factures de la session');
    const bill = page.locator(`#bill-${application}`);
    await bill.locator(`#payer-${application}`).selectOption('employer');
    await bill.locator(`#buyer-${application}`).fill(EMPLOYER);
    for (const email of await bill.locator('input[type="email"]').all()) await email.fill(EMPLOYER_EMAIL);
    for (const address of await bill.locator('input[name^="address_"]').all()) await address.fill('12 rue des Tisserands, 44000 Nantes');
    await submit(page, bill.locator('button[type="submit"]'));
    await noAlert(page, 'facture émise');
    if (!/\/formations\/factures\/\d+$/.test(page.url())) {
      await submit(page, page.locator('tr', { hasText: 'Camille Martin' }).locator('a[data-invoice]').first());
    }
    await audit(page, 'facture');
    const invoiceNumber = (await page.locator('#invoice-title').innerText()).match(/F\d{4}-\d{4,}/)[0];
    await page.locator('#payment-amount').fill((await page.locator('#invoice-remaining').innerText()).replace(/[^\d,]/g, ''));
    await submit(page, page.locator('form[action$="/paiements"] button[type="submit"]'));
    await noAlert(page, 'paiement');
    assert.equal(await page.locator('#invoice-status').getAttribute('data-status'), 'paid');
    await audit(page, 'facture payée');

    // 5. The employer's funder file: the ZIP downloaded, its PDFs read back.
    await page.goto(sessionUrl);
    await submit(page, page.getByRole('link', { name: 'Dossiers des financeurs', exact: true }));
    await audit(page, 'dossiers des financeurs');
    const row = page.locator(`tr[data-application="${application}"][data-funder="employer"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('a[download]').click()]);
    const file = path.join(os.tmpdir(), `trame-dossier-${process.pid}.zip`);
    await download.saveAs(file);
    const entries = readZip(fs.readFileSync(file));
    fs.rmSync(file, { force: true });
    const names = entries.map((e) => e.name);
    assert.equal(names[0], '00-sommaire.txt');
    const text = (prefix) => {
      const e = entries.find((x) => x.name.startsWith(prefix));
      assert.ok(e, `${prefix}… in ${names.join(', ')}`);
      return pdfText(e.data);
    };
    assert.match(text('01-'), /[Dd]evis/);
    assert.match(text('02-programme-'), /Pouvoir d'agir et coopération à l'épreuve du territoire/);
    assert.match(text('03-'), /[Cc]onvention/);
    assert.ok(text('07-').includes(invoiceNumber), `invoice ${invoiceNumber}`);
    const summary = parseSummary(entries[0].data.toString('utf8'));
    assert.deepEqual(summary.files.map((f) => f.name), names.slice(1));
    for (const part of ['devis', 'convention signée', 'facture adressée à ce financeur'])
      assert.ok(!summary.missing.some((m) => m.startsWith(part)), `${part} is not missing: ${summary.missing.join(' | ')}`);
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
  }
});
