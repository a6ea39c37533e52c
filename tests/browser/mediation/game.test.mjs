// « Par Ici la Sortie » in a real browser: the mediator's view on a phone and the board on a tablet (no
// account) kept in step over the server (server-sent events), played to the end; the offline board on one
// device, played with the keyboard after going offline (service worker); a deck's images on the offline board
// after an offline reload (tablet 768) and a deck's cards filtered by type on a phone (360); axe on every page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { png } from '../../integration/pictures.mjs';
import { PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, newPage } from '../browser.mjs';

const TABLET = { width: 820, height: 1180 };
let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the board on a tablet follows the mediator on a phone, to the end of the game', { timeout: 240000 }, async () => {
  const mediator = await newPage(browser, { viewport: PHONE });
  const m = mediator.page;
  await login(m, server.url, DEMO.referent, DEMO_PASSWORD);
  await m.goto(server.url + '/jeu');
  await expectAccessible(m, 'jeu @phone');
  await expectNoHorizontalScroll(m, 'jeu @phone');
  await m.getByLabel('Équipes (une par ligne, de 2 à 6)').fill('Les Étoiles\nLes Comètes');
  await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Commencer' }).click()]);
  const code = m.url().match(/\/jeu\/parties\/([A-Z0-9]{6})/)[1];
  await expectAccessible(m, 'partie @phone');
  await expectNoHorizontalScroll(m, 'partie @phone');

  const tablet = await newPage(browser, { viewport: TABLET });
  const b = tablet.page;
  await b.goto(server.url + '/jeu/plateau');
  await expectAccessible(b, 'plateau (code) @tablet');
  await b.getByLabel('Code de la partie').fill(code.toLowerCase());
  await Promise.all([b.waitForNavigation(), b.getByRole('button', { name: 'Ouvrir' }).click()]);
  assert.match(b.url(), new RegExp(`/jeu/plateau/${code}$`));
  await b.locator('#game-status', { hasText: 'Les Étoiles' }).waitFor();
  await expectAccessible(b, 'plateau @tablet');
  await expectNoHorizontalScroll(b, 'plateau @tablet');

  // A card drawn on the phone appears on the board (the events), without its answer.
  await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Tirer une carte' }).click()]);
  const cardText = (await m.locator('#carte .game-card-text').innerText()).trim();
  await b.locator('#game-card .game-card-text', { hasText: cardText }).waitFor({ timeout: 15000 });
  await expectAccessible(m, 'partie, carte tirée @phone');
  await expectAccessible(b, 'plateau, carte tirée @tablet');

  // Play on: « Bonne réponse : appliquer » each time, then corrections by hand if nobody won yet.
  await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Bonne réponse : appliquer' }).click()]);
  await b.locator('#game-status', { hasText: 'Les Comètes' }).waitFor({ timeout: 15000 });
  for (let i = 0; i < 20 && !(await m.getByText('a gagné').count()); i++) {
    await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Tirer une carte' }).click()]);
    await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Bonne réponse : appliquer' }).click()]);
  }
  while (!(await m.getByText('a gagné').count())) {
    await m.getByLabel('Équipe', { exact: true }).selectOption({ label: 'Les Étoiles' });
    await m.getByLabel('Cases (de -3 à 3)').fill('3');
    await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Déplacer' }).click()]);
  }
  const winner = (await m.locator('.flash-success strong').innerText()).trim();
  await b.locator('#game-status', { hasText: `${winner} a gagné` }).waitFor({ timeout: 15000 });
  assert.equal(await b.locator('.game-square-end .game-token', { hasText: winner }).count(), 1);
  await expectAccessible(b, 'plateau, partie gagnée @tablet');
  await expectAccessible(m, 'partie gagnée @phone');
  await tablet.context.close();
  await mediator.context.close();
});

test('offline on one device: loaded once, then played to the end with the keyboard without network', { timeout: 240000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: TABLET });
  await page.goto(server.url + '/jeu/hors-ligne');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();  // now under the worker: the page's files go through it and are kept
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expectAccessible(page, 'hors ligne @tablet');
  await context.setOffline(true);
  await page.reload();
  await page.getByLabel('Équipes (une par ligne, de 2 à 6)').waitFor();

  // With the keyboard only.
  await page.getByLabel('Équipes (une par ligne, de 2 à 6)').focus();
  await page.keyboard.type('Les Soleils');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Les Lunes');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#offline-status', { hasText: 'Les Soleils' }).waitFor();
  await expectAccessible(page, 'hors ligne, partie @tablet');
  for (let i = 0; i < 300 && !(await page.locator('#offline-again').isVisible()); i++) {
    // « Tirer une carte » has the focus; Enter draws, then « Bonne réponse : appliquer » has it.
    await page.keyboard.press('Enter');
    await page.locator('#offline-card .game-card-text').waitFor();
    await page.keyboard.press('Enter');
  }
  await page.locator('#offline-status', { hasText: 'a gagné' }).waitFor();
  assert.equal(await page.locator('.game-square-end .game-token').count(), 1);
  await expectAccessible(page, 'hors ligne, partie gagnée @tablet');
  // Reloaded offline, the game is still there (kept on the device).
  await page.reload();
  await page.locator('#offline-status', { hasText: 'a gagné' }).waitFor();
  await context.setOffline(false);
  await context.close();
});

test('the decks\' pages are accessible for a coordinator on a phone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
  await page.goto(server.url + '/jeu/paquets');
  await expectAccessible(page, 'paquets @phone');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Paquet de départ' }).click()]);
  await expectAccessible(page, 'paquet @phone');
  await expectNoHorizontalScroll(page, 'paquet @phone');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^Modifier/ }).first().click()]);
  await expectAccessible(page, 'carte @phone');
  await context.close();
});

test('without JavaScript the mediator starts a game, draws and plays a card on a phone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  await login(page, server.url, DEMO.volunteer, DEMO_PASSWORD);
  await page.goto(server.url + '/jeu');
  await page.getByLabel('Équipes (une par ligne, de 2 à 6)').fill('Les Rouges\nLes Bleus');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Commencer' }).click()]);
  assert.match(page.url(), /\/jeu\/parties\/[A-Z0-9]{6}$/);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tirer une carte' }).click()]);
  assert.ok((await page.locator('#carte .game-card-text').innerText()).trim().length > 0);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ne pas bouger' }).click()]);
  assert.match(await page.locator('main').innerText(), /Les Bleus — Départ — à son tour/);
  await context.close();
});

test('a deck with an image: filtered on a phone (360), its image on the offline board after an offline reload (tablet 768)', { timeout: 240000 }, async () => {
  const phone = await newPage(browser, { viewport: { width: 360, height: 740 } });
  const p = phone.page;
  await login(p, server.url, DEMO.coordinator, DEMO_PASSWORD);
  await p.goto(server.url + '/jeu/paquets');
  const name = `Paquet illustré ${Date.now()}`;
  await p.getByLabel('Nom du nouveau paquet').fill(name);
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Créer le paquet' }).click()]);
  const deckId = p.url().match(/\/jeu\/paquets\/(\d+)/)[1];
  await p.getByLabel('Type de carte', { exact: true }).selectOption('transports');
  await p.getByLabel('Texte de la carte').fill('Montrez la station sur le plan.');
  await p.getByLabel('Image (facultative, PNG, JPEG ou WebP)').setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: png(160, 100, { alpha: true }) });
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Enregistrer' }).click()]);
  await p.getByText('Montrez la station sur le plan.').first().waitFor();
  // The filter by type, on a phone.
  await p.locator('#c-type').selectOption('culture');
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Afficher' }).click()]);
  await p.getByText('Aucune carte de ce type dans ce paquet.').waitFor();
  await expectAccessible(p, 'paquet filtré @360');
  await expectNoHorizontalScroll(p, 'paquet filtré @360');
  await p.locator('#c-type').selectOption('transports');
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Afficher' }).click()]);
  assert.equal(await p.locator('img.game-card-image').count(), 1);
  await expectAccessible(p, 'paquet, transports @360');
  await expectNoHorizontalScroll(p, 'paquet, transports @360');
  // The starter deck: two pages of 20.
  await p.goto(server.url + '/jeu/paquets');
  await Promise.all([p.waitForNavigation(), p.getByRole('link', { name: 'Paquet de départ' }).click()]);
  await Promise.all([p.waitForNavigation(), p.getByRole('link', { name: 'Page suivante' }).click()]);
  assert.match(p.url(), /page=2$/);
  await expectAccessible(p, 'paquet de départ, page 2 @360');
  await phone.context.close();

  // The offline board, loaded once online (no account): the worker keeps the page, its files and the images.
  const { context, page } = await newPage(browser, { viewport: { width: 768, height: 1024 } });
  await page.goto(`${server.url}/jeu/hors-ligne?paquet=${deckId}`);
  await page.locator('#hors-ligne[data-images="kept"]').waitFor({ timeout: 30000 });
  await context.setOffline(true);
  await page.reload();
  await page.getByLabel('Équipes (une par ligne, de 2 à 6)').fill('Les Soleils\nLes Lunes');
  await page.getByRole('button', { name: 'Commencer' }).click();
  await page.getByRole('button', { name: 'Tirer une carte' }).click();
  const img = page.locator('#offline-card img.game-card-image');
  await img.waitFor();
  await page.waitForFunction(() => { const i = document.querySelector('#offline-card img'); return i && i.complete; });
  assert.equal(await img.evaluate((i) => i.naturalWidth), 160);
  assert.equal(await img.getAttribute('alt'), 'Image de la carte');
  await expectAccessible(page, 'hors ligne, carte illustrée @768');
  await expectNoHorizontalScroll(page, 'hors ligne, carte illustrée @768');
  await context.setOffline(false);
  await context.close();
});

test('the mediator\'s phone goes offline, plays on, and its moves reach the server and the board when back online', { timeout: 240000 }, async () => {
  const phone = await newPage(browser, { viewport: { width: 360, height: 740 } });
  const m = phone.page;
  await login(m, server.url, DEMO.referent, DEMO_PASSWORD);
  await m.goto(server.url + '/jeu');
  await m.getByLabel('Équipes (une par ligne, de 2 à 6)').fill('Les Étoiles\nLes Comètes');
  await Promise.all([m.waitForNavigation(), m.getByRole('button', { name: 'Commencer' }).click()]);
  const code = m.url().match(/\/jeu\/parties\/([A-Z0-9]{6})/)[1];
  const tablet = await newPage(browser, { viewport: { width: 768, height: 1024 } });
  const b = tablet.page;
  await b.goto(`${server.url}/jeu/plateau/${code}`);
  await b.locator('#game-status', { hasText: 'Les Étoiles' }).waitFor();

  // Offline: the page plays on by itself, with the answer, and says the moves wait for the network.
  await phone.context.setOffline(true);
  await m.locator('#hors-ligne-partie').waitFor();
  await expectAccessible(m, 'partie hors ligne @360');
  await expectNoHorizontalScroll(m, 'partie hors ligne @360');
  await m.getByRole('button', { name: 'Tirer une carte' }).click();
  await m.locator('#offline-play-card .game-card-text').waitFor();
  await m.getByRole('button', { name: 'Bonne réponse : appliquer' }).click();
  await m.locator('#offline-play-status', { hasText: 'Les Comètes' }).waitFor();
  await m.getByRole('button', { name: 'Tirer une carte' }).click();
  await m.getByRole('button', { name: 'Ne pas bouger' }).click();
  await m.locator('#offline-play-status', { hasText: 'Les Étoiles' }).waitFor();
  await expectAccessible(m, 'partie hors ligne, deux tours @360');
  const offlineTeams = await m.locator('#offline-play-teams li').allInnerTexts();
  const seqBefore = (await (await fetch(`${server.url}/jeu/plateau/${code}/etat`)).json()).seq;

  // Back online: the moves are sent; the server took them, the board shows them.
  await Promise.all([m.waitForNavigation(), phone.context.setOffline(false)]);
  await m.getByText('Les coups joués hors ligne ont été envoyés').waitFor();
  const s = await (await fetch(`${server.url}/jeu/plateau/${code}/etat`)).json();
  assert.equal(s.seq, seqBefore + 1);
  assert.equal(s.turn, 0);
  const expected = offlineTeams.map((t) => t.split(' — ')[1]);
  const squares = s.teams.map((t) => (t.square === 0 ? 'Départ' : t.square === s.track ? 'Le spectacle' : `Case ${t.square}`));
  assert.deepEqual(squares, expected);
  await b.locator(`#plateau[data-seq="${s.seq}"]`).waitFor({ timeout: 15000 });
  await expectAccessible(b, 'plateau après synchronisation @768');
  await expectAccessible(m, 'partie synchronisée @360');

  // Offline again while the game moves on the server (another device of the mediator): the server's is kept.
  await phone.context.setOffline(true);
  await m.locator('#hors-ligne-partie').waitFor();
  await m.getByRole('button', { name: 'Tirer une carte' }).click();
  const other = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await login(other.page, server.url, DEMO.referent, DEMO_PASSWORD);
  await other.page.goto(`${server.url}/jeu/parties/${code}`);
  await Promise.all([other.page.waitForNavigation(), other.page.getByRole('button', { name: 'Tirer une carte' }).click()]);
  const moved = (await (await fetch(`${server.url}/jeu/plateau/${code}/etat`)).json()).seq;
  await Promise.all([m.waitForNavigation(), phone.context.setOffline(false)]);
  await m.getByText('La partie a changé sur le serveur pendant que vous étiez hors ligne').waitFor();
  assert.equal((await (await fetch(`${server.url}/jeu/plateau/${code}/etat`)).json()).seq, moved);
  await expectAccessible(m, 'partie, synchronisation refusée @360');
  await other.context.close();
  await tablet.context.close();
  await phone.context.close();
});
