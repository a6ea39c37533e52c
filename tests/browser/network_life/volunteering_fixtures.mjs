// Setup of the volunteering browser test: Trame (with the demo data) and Chromium side by side, and every
// page visited checked the same way (axe, no horizontal scrolling, actions on screen).
import { startTrame } from '../../integration/harness.mjs';
import { expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch } from '../browser.mjs';

export async function start() {
  const [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  return { server, browser };
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
