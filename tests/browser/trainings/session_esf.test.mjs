// The session's form with its ESF co-financing box (issue 23, docs/trainings.md « Co-financing by the
// European Social Fund »), in a real browser for the training organisation's staff, at 360 px and 1280 px:
// the box is labelled and explained, ticking it saves it, the session's page says so (no horizontal
// scroll, axe: no serious violation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, querySql, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A planned session of a programme the demo training staff manages.
function plannedSession(title) {
  const sql = (q) => querySql(server.database, q);
  const programme = sql(`SELECT p.id FROM training_programmes p JOIN memberships m ON m.organisation_id = p.organiser_id
    JOIN users u ON u.id = m.user_id WHERE u.email = '${DEMO.training_staff}' ORDER BY p.id LIMIT 1`);
  const now = Math.floor(Date.now() / 1000);
  return sql(`INSERT INTO training_sessions (programme_id, title, max_trainees, status, created_at, updated_at)
    VALUES (${programme}, '${title}', 12, 'planned', ${now}, ${now}) RETURNING id`);
}

test('the ESF box of the session form is accessible on a phone and a laptop, and shown on the session page', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE_360, LAPTOP]) {
    const id = plannedSession(`Session FSE ${viewport.width}`);
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.training_staff, DEMO_PASSWORD);
    await page.goto(`${server.url}/formations/sessions/${id}/modifier`);
    const box = page.getByLabel('Session cofinancée par le Fonds social européen (FSE+)');
    assert.equal(await box.isChecked(), false);
    await expectNoHorizontalScroll(page, `formulaire de session @${viewport.width}`);
    await expectAccessible(page, `formulaire de session @${viewport.width}`);
    await box.check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).click()]);
    assert.match(page.url(), new RegExp(`/formations/sessions/${id}$`));
    assert.equal(await page.locator('#session-esf').innerText(), 'Cofinancée par le Fonds social européen (FSE+)');
    await expectNoHorizontalScroll(page, `session @${viewport.width}`);
    await expectAccessible(page, `session @${viewport.width}`);
    await context.close();
  }
});
