// Shared setup of the cooperation browser tests: Trame (with the demo data) and Chromium started side by
// side, the demo's cooperation project found, and every page visited checked the same way.
import assert from 'node:assert/strict';
import { querySql, startTrame } from '../../integration/harness.mjs';
import { expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch } from '../browser.mjs';

export const DEMO_PROJECT = "Liens intergénérationnels en Pays d'Ancenis";

// Starts the server and the browser; project: the demo project's id (a string), when demoProject.
export async function start({ smtp = false, demoProject = true } = {}) {
  const [server, browser] = await Promise.all([startTrame(smtp ? {} : { smtp: false }), launch()]);
  if (!demoProject) return { server, browser };
  const project = querySql(server.database, `SELECT id FROM cooperation_projects WHERE title = '${DEMO_PROJECT.replace(/'/g, "''")}'`);
  assert.ok(project, 'the demo project');
  return { server, browser, project };
}

export async function stop(server, browser) {
  await browser?.close();
  await server?.stop();
}

// A page as the tests want every page: no serious or critical axe violation, no horizontal scrolling,
// every action on screen.
export async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}

// Clicks and waits for the navigation that follows.
export async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}
