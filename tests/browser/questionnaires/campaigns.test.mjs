// Sendings in a real browser: the evaluation cycle of a session, a sending's page (who has not
// answered) and a questionnaire's sendings with the new-sending form pass axe (no serious or critical
// violation) at 375 px and 1280 px without horizontal scrolling on the phone; a sending is created
// without JavaScript.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { sessionId, signIn } from '../../integration/enrolments_fixtures.mjs';
import { cycleOf } from '../../integration/campaigns_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

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
