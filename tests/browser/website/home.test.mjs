// The home page composed of blocks in a real browser: at 360 px and 1280 px it fits without horizontal
// scrolling and passes axe; the keyboard alone reaches every block's links; the administration's
// ordering page passes axe and a block moves up with the keyboard (a plain form, no script needed).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
const COMMUNICATION = 'communication@loire-atlantique.local';
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const [label, viewport] of [['360', PHONE_360], ['1280', LAPTOP]]) {
  test(`the home page at ${label} px: blocks as sections with headings, axe, no horizontal scroll`, { timeout: 60000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await page.goto(server.url + '/');
    const sections = await page.locator('main section.home-block').evaluateAll((els) => els.map((e) => ({
      id: e.id, heading: e.querySelector('h2')?.innerText.trim(),
    })));
    assert.ok(sections.length >= 2, 'several blocks are shown');
    for (const s of sections) assert.ok(s.heading, `${s.id} has a heading`);
    await expectAccessible(page, `accueil @${label}`);
    await expectNoHorizontalScroll(page, `accueil @${label}`);
    await context.close();
  });
}

test('the keyboard alone reaches every block\'s links', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: LAPTOP });
  await page.goto(server.url + '/');
  const wanted = await page.locator('main section.home-block a[href]').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  assert.ok(wanted.length > 0);
  const reached = new Set();
  for (let i = 0; i < 200 && wanted.some((h) => !reached.has(h)); i++) {
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => (document.activeElement?.closest('section.home-block') ? document.activeElement.getAttribute('href') : null));
    if (href) reached.add(href);
  }
  for (const h of wanted) assert.ok(reached.has(h), `the link ${h} is reached with Tab`);
  await context.close();
});

test('the administration of the blocks passes axe and reorders without JavaScript', { timeout: 60000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_360 });
  await login(page, server.url, COMMUNICATION, DEMO_PASSWORD);
  await page.goto(server.url + '/admin/accueil');
  await expectAccessible(page, 'administration de l\'accueil @360');
  await expectNoHorizontalScroll(page, 'administration de l\'accueil @360');
  const headings = () => page.locator('main ol.home-admin > li h2').allInnerTexts();
  const before = await headings();
  const second = before[1].replace(/^\d+\.\s*/, '').replace(/\s*(affiché|masqué)$/, '');
  const up = page.getByRole('button', { name: `Monter : ${second}` });
  await up.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const after = await headings();
  assert.ok(after[0].includes(second), `${second} is now first`);
  await expectAccessible(page, 'administration après déplacement');
  // The preview shows the text without saving it.
  await page.getByLabel('Texte de présentation (markdown)').fill('Un **aperçu** du texte.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Prévisualiser' }).click()]);
  assert.equal(await page.locator('main .prose strong').first().innerText(), 'aperçu');
  await expectAccessible(page, 'aperçu de la présentation');
  await context.close();
});
