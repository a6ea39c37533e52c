// The public site's pages in a real browser, on a phone (360 px) and a laptop (1280 px): the demo
// communication officer writes a page, watching the live preview follow the typing (no button pressed),
// publishes it, and an anonymous visitor finds it in the site's menu and reads it. Every page visited passes
// axe (no serious or critical violation) and fits the screen's width.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, expectAccessible, expectActionsOnScreen, expectNoHorizontalScroll, launch, login, mainText, newPage,
  openMenu } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
const COMMUNICATION = 'communication@loire-atlantique.local';

let server, browser;
before(async () => { [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]); });
after(async () => { await browser?.close(); await server?.stop(); });

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
  await expectActionsOnScreen(page, label);
}

for (const [size, viewport] of [['360', PHONE_360], ['1280', LAPTOP]]) {
  test(`an editor writes a page with the live preview and publishes it; the public reads it from the menu, at ${size} px`, { timeout: 120000 }, async () => {
    const title = `Édito ${size} ${randomBytes(3).toString('hex')}`;
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, COMMUNICATION, DEMO_PASSWORD);
    await page.goto(`${server.url}/admin/pages`);
    await checked(page, `liste @${size}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Nouvelle page' }).click()]);
    await checked(page, `nouvelle page @${size}`);

    await page.getByLabel('Titre', { exact: true }).fill(title);
    await page.getByLabel('Texte', { exact: true }).pressSequentially('## Une formation mixte\n\nActeurs **sociaux** et culturels.', { delay: 5 });
    // The live preview: rendered by the server as the text is typed, without any button.
    const pane = page.locator('#page-preview');
    await pane.locator('h2', { hasText: 'Une formation mixte' }).waitFor();
    await pane.locator('strong', { hasText: 'sociaux' }).waitFor();
    await checked(page, `aperçu en direct @${size}`);

    await page.getByLabel('Publiée (visible par tout le monde)').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Créer la page' }).click()]);
    assert.match(await mainText(page), /La page a été créée/);
    await checked(page, `page enregistrée @${size}`);

    // A second save keeps the first text as a version, compared line by line with the current one.
    await page.getByLabel('Texte', { exact: true }).fill('## Une formation mixte\n\nActeurs **sociaux**, culturels et artistes, sur un même territoire pour se connaître.');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).click()]);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Versions précédentes' }).click()]);
    await checked(page, `versions @${size}`);
    await Promise.all([page.waitForNavigation(), page.locator('main ul li a').first().click()]);
    assert.equal(await page.locator('.diff del').count(), 1);
    assert.equal(await page.locator('.diff ins').count(), 1);
    await checked(page, `différences @${size}`);
    await context.close();

    // An anonymous visitor: the page is in the menu of every page.
    const visitor = await newPage(browser, { viewport });
    await visitor.page.goto(`${server.url}/connexion`);
    if (size === '360') await openMenu(visitor.page);
    const link = visitor.page.getByRole('navigation', { name: /menu|principale|navigation/i }).getByRole('link', { name: title });
    await Promise.all([visitor.page.waitForNavigation(), link.click()]);
    assert.equal(await visitor.page.locator('h1').innerText(), title);
    assert.match(await mainText(visitor.page), /Acteurs sociaux, culturels et artistes/);
    assert.doesNotMatch(await mainText(visitor.page), /Brouillon/);
    await checked(visitor.page, `page publique @${size}`);
    await visitor.context.close();
  });
}

for (const [size, viewport] of [['360', PHONE_360], ['1280', LAPTOP]]) {
  test(`the seed pages, imported by the demo, read with their quotes at ${size} px`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await page.goto(`${server.url}/pages/contexte-de-la-formation`);
    assert.equal(await page.locator('h1').innerText(), 'Contexte de la formation');
    assert.match(await mainText(page), /Ce que je retiens, c'est le langage commun/);
    assert.ok(await page.locator('main li', { hasText: 'favoriser l’interconnaissance' }).count() >= 1);
    await expectAccessible(page, `contexte @${size}`);
    await expectNoHorizontalScroll(page, `contexte @${size}`);
    await page.goto(`${server.url}/pages/edito`);
    assert.equal(await page.locator('h1').innerText(), 'Edito');
    assert.match(await mainText(page), /chacune avec son histoire/);
    await expectAccessible(page, `edito @${size}`);
    await expectNoHorizontalScroll(page, `edito @${size}`);
    await context.close();
  });
}
