// « Allô l'Artiste ! » in a real browser, on a 360 px phone and a 768 px tablet: every page passes axe (no
// serious violation) and has no horizontal scroll; a referent finds the programme from the dashboard, opens a
// slot of the demo week and registers a listener (the code is shown); the coordinator's shows, slot form and
// statistics; the artist's page of shows and availabilities.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const PHONE_360 = { width: 360, height: 740 };
const TABLET = { width: 768, height: 1024 };
const ARTIST = 'artiste.conteuse@trame.local';

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, label) {
  await expectNoHorizontalScroll(page, label);
  await expectAccessible(page, label);
}

test('a referent registers a listener from the programme', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE_360, TABLET]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    await page.goto(server.url + '/tableau-de-bord');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Programme, spectacles et auditeurs' }).click()]);
    await check(page, `hub @${viewport.width}`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Programme de la semaine' }).click()]);
    assert.match(await page.locator('h1').innerText(), /Allô l'Artiste ! — programme du/);
    await check(page, `programme @${viewport.width}`);
    // The demo week: slots at 15 h and 19 h; the next week holds the later ones, one of them is open.
    let slotLinks = page.locator('.allo-slots a[href^="/allo-artiste/creneaux/"]');
    assert.ok(await slotLinks.count() > 0, 'the demo week has slots');
    const programme = page.url();
    let opened = false;
    for (const week of [0, 1]) {
      if (week) {
        // Back from the week's slot pages (late on the demo week's last day, none of them is open any more).
        await page.goto(programme);
        await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Semaine suivante' }).click()]);
        slotLinks = page.locator('.allo-slots a[href^="/allo-artiste/creneaux/"]');
      }
      const hrefs = await slotLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      for (const href of hrefs.reverse()) {
        await page.goto(server.url + href);
        if (await page.getByRole('button', { name: 'Inscrire une personne' }).count()) { opened = true; break; }
      }
      if (opened) break;
    }
    assert.ok(opened, 'an upcoming slot is open to registrations');
    await check(page, `slot @${viewport.width}`);
    const before = await page.locator('.listener-code').count();
    await page.getByLabel("Langue souhaitée par l'auditeur ou l'auditrice").selectOption('es');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Inscrire une personne' }).click()]);
    assert.match(await page.locator('.flash').first().innerText(), /Personne inscrite sous le code L-[A-Z0-9]{4}-[A-Z0-9]{2}/);
    assert.equal(await page.locator('.listener-code').count(), before + 1);
    await check(page, `slot after registering @${viewport.width}`);
    await context.close();
  }
});

test('the coordinator\'s pages and the artist\'s page', { timeout: 180000 }, async () => {
  for (const viewport of [PHONE_360, TABLET]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    for (const [path, heading] of [['/allo-artiste/spectacles', 'Spectacles proposés'],
      ['/allo-artiste/creneaux/nouveau', 'Programmer un créneau'], ['/allo-artiste/statistiques', 'Statistiques']]) {
      await page.goto(server.url + path);
      assert.equal(await page.locator('h1').innerText(), heading);
      await check(page, `${path} @${viewport.width}`);
    }
    await context.close();
    const artist = await newPage(browser, { viewport });
    await login(artist.page, server.url, ARTIST, DEMO_PASSWORD);
    await artist.page.goto(server.url + '/allo-artiste/mes-spectacles');
    assert.equal(await artist.page.locator('h1').innerText(), 'Mes spectacles');
    assert.ok(await artist.page.getByText('Contes du bord de Loire').count() >= 1);
    await check(artist.page, `mes-spectacles @${viewport.width}`);
    await Promise.all([artist.page.waitForNavigation(), artist.page.getByRole('link', { name: 'Tous mes créneaux' }).click()]);
    assert.equal(await artist.page.locator('h1').innerText(), 'Mes créneaux');
    assert.ok(await artist.page.locator('main li a[href^="/allo-artiste/creneaux/"]').count() > 5, 'the demo artist\'s slots');
    await check(artist.page, `mes-creneaux @${viewport.width}`);
    await artist.context.close();
  }
});

// Session 17: the coordinator changes and cancels an upcoming slot of the demo's programme, on a phone. The demo
// programmes two slots a day from three days ago to three days ahead: the week holding the day after tomorrow
// has upcoming slots whatever the weekday (the week of « today + 7 days », read before session 20, had none from
// Monday to Thursday, and the test failed on those days).
test('the coordinator changes a slot, then cancels it (« Annulée » on the programme)', { timeout: 180000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_360 });
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  const week = new Date(Date.now() + 2 * 86400 * 1000).toISOString().slice(0, 10);
  await page.goto(`${server.url}/allo-artiste/programme?semaine=${week}`);
  const hrefs = await page.locator('.allo-slots a[href^="/allo-artiste/creneaux/"]:not([href*="nouveau"])')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  let found = false;
  for (const href of hrefs.reverse()) {
    await page.goto(server.url + href);
    if (await page.getByRole('button', { name: 'Annuler ce créneau' }).count()) { found = true; break; }
  }
  assert.ok(found, 'an upcoming slot the coordinator may change');
  const title = await page.locator('h1').innerText();
  await check(page, 'slot (coordinator) @360');
  await page.getByLabel('Nombre de places').fill('250');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer les modifications' }).click()]);
  assert.match(await page.locator('.flash').first().innerText(), /Créneau modifié/);
  assert.match(await page.locator('#places').innerText(), /sur 250 places/);
  // No reason: the form again with its message, accessible.
  await page.getByLabel("Motif de l'annulation").evaluate((el) => el.removeAttribute('required'));
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Annuler ce créneau' }).click()]);
  assert.match(await page.locator('#cancel-error').innerText(), /motif/);
  await check(page, 'slot cancel refused @360');
  await page.getByLabel("Motif de l'annulation").fill('Artiste malade.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Annuler ce créneau' }).click()]);
  assert.match(await page.locator('#cancelled').innerText(), /Annulée — Ce créneau est annulé : Artiste malade\./);
  assert.equal(await page.getByRole('button', { name: 'Annuler ce créneau' }).count(), 0);
  await check(page, 'slot cancelled @360');
  await page.goto(`${server.url}/allo-artiste/programme?semaine=${week}`);
  const line = page.locator('li.allo-cancelled', { hasText: title.split(' — ')[0] });
  assert.equal(await line.count(), 1);
  assert.match(await line.innerText(), /Annulée/);
  await check(page, 'programme with a cancelled slot @360');
  await context.close();
});

// Session 17: the artist's page to change an accepted show (the programme's fields shown, not editable).
test('the artist changes the presentation of an accepted show', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE_360 });
  await login(page, server.url, ARTIST, DEMO_PASSWORD);
  await page.goto(server.url + '/allo-artiste/mes-spectacles');
  await check(page, 'mes-spectacles with edit links @360');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Modifier « Contes du bord de Loire »' }).click()]);
  assert.match(await page.locator('h1').innerText(), /Modifier « Contes du bord de Loire »/);
  assert.equal(await page.getByLabel('Titre du spectacle').count(), 0, 'the title is on the programme: not editable');
  await check(page, 'show edit @360');
  await page.getByLabel('Courte présentation').fill('Des contes de Loire, pour petits et grands.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enregistrer' }).click()]);
  assert.match(await page.locator('.flash').first().innerText(), /Spectacle modifié/);
  await context.close();
});
