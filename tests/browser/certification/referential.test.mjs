// The certification referential in a real browser, on a phone (390 px) and a laptop (1280 px): a
// certifier's staff create a certification, add a block, a competence and a criterion, publish it,
// and the public page shows it; a refused publication is announced in an alert. Every page visited
// passes axe (no serious or critical violation) and fits the screen's width.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { LAPTOP, PHONE_390, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

const CERTIFIER = 'certification@observatoire.local';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checked(page, label) {
  await expectAccessible(page, label);
  await expectNoHorizontalScroll(page, label);
}

async function click(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['390', PHONE_390], ['1280', LAPTOP]]) {
  test(`a certifier builds and publishes a certification, at ${size} px`, { timeout: 180000 }, async () => {
    const title = `Médiation culturelle ${size} ${randomBytes(3).toString('hex')}`;
    const { context, page } = await newPage(browser, { viewport });
    // The public list and the demo certification, without signing in.
    await page.goto(`${server.url}/certifications`);
    await checked(page, `liste publique @${size}`);
    await click(page, page.getByRole('link', { name: 'Construire une coopération culturelle territoriale' }));
    assert.match(await mainText(page), /BC03/);
    await checked(page, `certification de démonstration @${size}`);

    await login(page, server.url, CERTIFIER, DEMO_PASSWORD);
    await page.goto(`${server.url}/certifications`);
    await checked(page, `liste du certificateur @${size}`);
    await click(page, page.getByRole('link', { name: 'Nouvelle certification' }));
    await checked(page, `nouvelle certification @${size}`);
    await page.getByLabel('Intitulé', { exact: true }).fill(title);
    await page.getByLabel("Date de la décision d'enregistrement").fill('2025-06-12');
    await click(page, page.getByRole('button', { name: 'Créer la certification' }));
    assert.match(page.url(), /\/certifications\/\d+\/modifier/);
    const edit = page.url().replace(server.url, '').replace(/#.*$/, '');
    const id = edit.match(/\/certifications\/(\d+)\//)[1];
    await checked(page, `modification @${size}`);

    // A block, its competence, the competence's criterion.
    await page.getByLabel('Code du bloc').last().fill('BC01');
    await page.getByLabel('Intitulé du bloc').last().fill('Concevoir une médiation');
    await click(page, page.getByRole('button', { name: 'Ajouter le bloc' }));
    assert.match(await mainText(page), /Le bloc est ajouté/);
    await page.getByLabel('Nouvelle compétence').fill('Analyser les publics');
    await click(page, page.getByRole('button', { name: 'Ajouter la compétence' }));
    await page.getByLabel('Nouveau critère').fill('Les publics sont décrits');
    await page.getByLabel('Modalité').last().selectOption('report');
    await click(page, page.getByRole('button', { name: 'Ajouter le critère' }));
    assert.match(await mainText(page), /Le critère est ajouté/);
    await checked(page, `blocs @${size}`);

    // Without a registration number, publishing is refused, and said in an alert.
    await click(page, page.getByRole('button', { name: 'Publier' }));
    assert.match(await page.getByRole('alert').first().innerText(), /indiquez le numéro d'enregistrement/);
    await checked(page, `publication refusée @${size}`);
    await page.getByLabel("Numéro d'enregistrement").fill('RS9999');
    await click(page, page.getByRole('button', { name: 'Enregistrer', exact: true }));
    assert.equal(page.url().replace(server.url, ''), `/certifications/${id}`);
    await page.goto(server.url + edit);
    await click(page, page.getByRole('button', { name: 'Publier' }));
    assert.match(await mainText(page), /La certification est publiée/);

    // The public page, signed out.
    const visitor = await newPage(browser, { viewport });
    await visitor.page.goto(`${server.url}/certifications/${id}`);
    const text = await mainText(visitor.page);
    assert.match(text, new RegExp(title));
    assert.match(text, /RS9999/);
    assert.match(text, /BC01/);
    assert.match(text, /Les publics sont décrits \(Rapport écrit\)/);
    await checked(visitor.page, `page publique @${size}`);
    await visitor.context.close();
    await context.close();
  });
}
