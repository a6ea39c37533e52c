// Sendings in a real browser: the evaluation cycle of a session, a sending's page (who has not
// answered) and a questionnaire's sendings with the new-sending form pass axe (no serious or critical
// violation) at 375 px and 1280 px without horizontal scrolling on the phone; a sending is created
// without JavaScript; addresses with their attributes given as a CSV file at 390 px (a refused table
// names its line, the page stays accessible).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { sessionId, signIn } from '../../integration/enrolments_fixtures.mjs';
import { cycleOf } from '../../integration/campaigns_fixtures.mjs';
import {
  LAPTOP, PHONE, PHONE_390, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, newPage, screenshot,
} from '../browser.mjs';

let server;
let browser;
let pages;

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  const staff = await signIn(server, DEMO.training_staff);
  const sid = await sessionId(staff);
  const cycle = await cycleOf(staff, sid);
  const detail = await staff.get(`/questionnaires/envois/${cycle.end.campaign}`);
  const qid = Number(detail.text.match(/href="\/questionnaires\/(\d+)"/)[1]);
  pages = [`/formations/sessions/${sid}/evaluations`, `/questionnaires/envois/${cycle.end.campaign}`, `/questionnaires/${qid}/envois`];
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const [label, viewport] of [['phone', PHONE], ['laptop', LAPTOP]]) {
  test(`sendings pages are accessible (${label})`, async () => {
    const { context, page } = await newPage(browser, { viewport });
    try {
      await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
      for (const p of pages) {
        const res = await page.goto(server.url + p);
        assert.equal(res.status(), 200, p);
        await expectAccessible(page, `${label} ${p}`);
        if (viewport === PHONE) await expectNoHorizontalScroll(page, p);
      }
    } finally {
      await context.close();
    }
  });
}

test('a public link is created without JavaScript', async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  try {
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(server.url + pages[2]);
    await page.fill('#c-title', 'Lien public sans JavaScript');
    await page.selectOption('#c-audience', 'public');
    await Promise.all([page.waitForNavigation(), page.click('form[aria-labelledby="new-campaign-title"] button[type="submit"]')]);
    const link = await page.locator('#public-link-url').innerText();
    assert.match(link, /\/questionnaires\/lien\//);
  } finally {
    await context.close();
  }
});

test('addresses and their attributes from a CSV file, at 390 px', async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_390 });
  try {
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(server.url + pages[2]);
    const send = async (title, csv) => {
      await page.fill('#c-title', title);
      await page.selectOption('#c-audience', 'funders');
      await page.setInputFiles('#c-recipients_file', { name: 'financeurs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await Promise.all([page.waitForNavigation(), page.click('form[aria-labelledby="new-campaign-title"] button[type="submit"]')]);
    };
    // A bad address on line 3: the message names it, the table is kept, the page stays usable.
    await send('Financeurs par secteur', 'courriel;Secteur\nfinanceur-a@example.org;Social\npas-une-adresse;Culturel\n');
    await expectAccessible(page, 'sending form, CSV refused');
    await expectActionsOnScreen(page, 'sending form, CSV refused');
    await expectNoHorizontalScroll(page, 'sending form, CSV refused');
    assert.match(await page.locator('#error-summary').innerText(), /Ligne 3 : « pas-une-adresse » n'est pas une adresse électronique valide/);
    assert.match(await page.locator('#c-recipients_csv').inputValue(), /financeur-a@example\.org;Social/);
    await screenshot(page, 'sending-csv-refused-phone');
    // Corrected as a file: the sending is made, one invitation per row.
    await page.fill('#c-recipients_csv', '');
    await send('Financeurs par secteur', 'courriel;Secteur\nfinanceur-a@example.org;Social\nfinanceur-b@example.org;Culturel\n');
    assert.match(page.url(), /\/questionnaires\/envois\/\d+$/);
    assert.equal((await page.locator('#campaign-invited').innerText()).trim(), '2');
    await expectAccessible(page, 'sending made from a CSV');
    await expectActionsOnScreen(page, 'sending made from a CSV');
  } finally {
    await context.close();
  }
});
