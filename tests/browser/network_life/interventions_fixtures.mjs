// Setup of the interventions browser test: Trame (demo data, no SMTP) and Chromium side by side, a
// fresh referent of the relais social de Vitry, and every page visited checked the same way.
import { randomBytes } from 'node:crypto';
import { querySql, startTrame } from '../../integration/harness.mjs';
import { addUser, PASSWORD } from '../../integration/bookings_fixtures.mjs';
import { expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch } from '../browser.mjs';

export { PASSWORD };

export async function start() {
  const [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  const vitry = querySql(server.database, "SELECT id FROM organisations WHERE name = 'Relais social de Vitry-sur-Seine (fictif)'");
  const offer = querySql(server.database, 'SELECT MIN(id) FROM life_intervention_offers');
  const requester = `referent-${randomBytes(3).toString('hex')}@vitry.test`;
  addUser(server, requester, 'referent', vitry);
  return { server, browser, requester, offer };
}

export async function stop(server, browser) {
  await browser?.close();
  await server?.stop();
}

export async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}

export async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// 'YYYY-MM-DD' in Paris, n days from now.
export const parisDay = (n) => new Date(Date.now() + n * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
