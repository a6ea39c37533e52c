// After the outing, in a real browser: the referent's dashboard (pending answers, people followed,
// history) and the coordinator's dashboard and testimonies pass axe and fit a 375 px phone screen;
// the coordinator changes the period with the keyboard-usable form and downloads the CSV export.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, runTrame, startTrame } from '../../integration/harness.mjs';
import { book, createBeneficiary, publishSlot, signIn, unique } from '../../integration/bookings_fixtures.mjs';
import { LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the referent's dashboard is accessible on a phone and a laptop", { timeout: 120000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    await page.goto(server.url + '/sorties/tableau-de-bord');
    assert.equal(await page.locator('h1').innerText(), 'Mon tableau de bord des sorties');
    assert.match(await mainText(page), /En attente de votre part/);
    assert.match(await mainText(page), /Sorties à venir/);
    await expectNoHorizontalScroll(page, `tableau de bord @${viewport.width}`);
    await expectAccessible(page, `tableau de bord @${viewport.width}`);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Personnes que je suis' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Personnes que je suis');
    await expectNoHorizontalScroll(page, `personnes @${viewport.width}`);
    await expectAccessible(page, `personnes @${viewport.width}`);

    await page.goto(server.url + '/sorties/tableau-de-bord');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Historique de ma structure' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Historique de ma structure');
    await expectNoHorizontalScroll(page, `historique @${viewport.width}`);
    await expectAccessible(page, `historique @${viewport.width}`);
    await context.close();
  }
});

test("the coordinator's dashboard and testimonies are accessible; the period form and the CSV work", { timeout: 120000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport, acceptDownloads: true });
    await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await page.goto(server.url + '/sorties/pilotage');
    assert.equal(await page.locator('h1').innerText(), 'Pilotage des sorties');
    await expectNoHorizontalScroll(page, `pilotage @${viewport.width}`);
    await expectAccessible(page, `pilotage @${viewport.width}`);

    await page.getByLabel('Du', { exact: true }).fill('2026-01-05');
    await page.getByLabel('Au', { exact: true }).fill('2026-12-27');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Afficher' }).click()]);
    assert.match(page.url(), /du=2026-01-05&au=2026-12-27/);
    assert.equal(await page.getByLabel('Du', { exact: true }).inputValue(), '2026-01-05');
    assert.match(await mainText(page), /Par semaine/);
    await expectAccessible(page, `pilotage (période) @${viewport.width}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter en CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'pilotage-sorties.csv');

    await page.goto(server.url + '/sorties/temoignages');
    assert.equal(await page.locator('h1').innerText(), 'Témoignages');
    await expectNoHorizontalScroll(page, `témoignages @${viewport.width}`);
    await expectAccessible(page, `témoignages @${viewport.width}`);
    await context.close();
  }
});

test('a draw record with its ranking and verification is accessible on a phone', { timeout: 120000 }, async () => {
  const referent = await signIn(server, DEMO.referent);
  const slot = await publishSlot(server, { capacity: 1, mode: 'draw', drawIn: 86400, startsIn: 5 * 86400, title: unique('Tirage navigateur') });
  for (let i = 0; i < 3; i++) {
    const b = await createBeneficiary(referent);
    assert.equal((await book(referent, slot, b.id)).status, 303);
  }
  const r = runTrame(['jobs', 'run-due', '--database', server.database, '--now', String(Math.floor(Date.now() / 1000) + 86400 + 120)]);
  assert.equal(r.status, 0, r.stderr);
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await page.goto(`${server.url}/sorties/creneaux/${slot}/tirage`);
    assert.equal(await page.locator('h1').innerText(), 'Tirage au sort');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Vérifier le classement' }).click()]);
    assert.match(await mainText(page), /Vérification réussie/);
    assert.equal(await page.locator('tbody tr').count(), 3);
    await expectNoHorizontalScroll(page, `tirage @${viewport.width}`);
    await expectAccessible(page, `tirage @${viewport.width}`);
    await context.close();
  }
});
