// The venue's guest list in a real browser: it passes axe at phone and laptop widths without
// horizontal scrolling; the venue's staff checks a guest in through the form, sees a wrong code's
// French answer, undoes a check-in; the count of present people updates live (JS polling) when
// another device checks someone in; scanning the booking's QR code with a (fake) camera checks the
// guest in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { Client, DEMO, DEMO_PASSWORD, TMP, startTrame } from '../../integration/harness.mjs';
import { bookSlot, createSlot } from '../../integration/guestlists_fixtures.mjs';
import { CHROMIUM, LAPTOP, PHONE, expectAccessible, expectNoHorizontalScroll, launch, login, mainText, newPage } from '../browser.mjs';

let server;
let browser;
let slot;
const bookings = [];

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  slot = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Les Fourberies de Scapin (navigateur)', capacity: 30 });
  const referent = new Client(server.url);
  assert.equal((await referent.login(DEMO.referent)).status, 303);
  bookings.push(await bookSlot(referent, slot, { index: 0, companions: 1, needs_visual: '1' }));
  bookings.push(await bookSlot(referent, slot, { index: 1, companions: 0 }));
  bookings.push(await bookSlot(referent, slot, { index: 2, companions: 0 }));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const listPath = () => `/sorties/creneaux/${slot}/invites`;

test('the guest list passes axe and fits a phone and a laptop', { timeout: 120000 }, async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
    await page.goto(server.url + listPath());
    assert.equal(await page.locator('h1').innerText(), 'Liste des invités');
    const text = await mainText(page);
    for (const b of bookings) assert.match(text, new RegExp(b.code));
    assert.match(text, /Présents : 0 personnes? sur 4 attendues? \(3 réservations?\)/);
    await expectNoHorizontalScroll(page, `liste des invités @${viewport.width}`);
    await expectAccessible(page, `liste des invités @${viewport.width}`);
    await page.goto(server.url + listPath() + '?impression=1');
    await expectNoHorizontalScroll(page, `impression @${viewport.width}`);
    await expectAccessible(page, `impression @${viewport.width}`);
    await context.close();
  }
});

test('a guest is checked in through the form; a wrong code is answered in French; a check-in is undone', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE });
  await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
  await page.goto(server.url + listPath());
  const [first] = bookings;
  await page.getByLabel('Code de réservation').fill(first.code.replace('-', '').toLowerCase());
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Enregistrer l'entrée" }).click()]);
  assert.match(await page.locator('.flash').first().innerText(), new RegExp(`Entrée enregistrée : ${first.code}, 2 personnes?`));
  assert.match(await page.locator('#guest-count').innerText(), /Présents : 2 personnes? sur 4/);

  // The same code again: the French answer, linked to the field, and the page still passes axe.
  await page.getByLabel('Code de réservation').fill(first.code);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Enregistrer l'entrée" }).click()]);
  const alert = page.locator('#checkin-error');
  assert.match(await alert.innerText(), new RegExp(`La réservation ${first.code} est déjà entrée, le \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}`));
  assert.equal(await page.getByLabel('Code de réservation').getAttribute('aria-invalid'), 'true');
  await expectAccessible(page, 'erreur de code');
  await expectNoHorizontalScroll(page, 'erreur de code @375');

  // Undo it.
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Annuler l'entrée ${first.code}` }).click()]);
  assert.match(await mainText(page), /Entrée annulée : la réservation est de nouveau attendue\./);
  assert.match(await page.locator('#guest-count').innerText(), /Présents : 0 personnes? sur 4/);
  await context.close();
});

test('the count of present people updates live when another device checks a guest in; the scanner is offered', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: LAPTOP });
  await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
  await page.goto(server.url + listPath());
  // jsQR is loaded from /static/vendor/jsqr/ and the camera button appears (the page allows the camera).
  await page.getByRole('button', { name: 'Scanner le QR code avec la caméra' }).waitFor({ state: 'visible' });
  const before = await page.locator('#guest-count').innerText();
  assert.match(before, /Présents : 0 personnes?/);

  // Another door: the same staff on another device checks the third booking in.
  const door = new Client(server.url);
  await door.login(DEMO.partner_staff);
  await door.get(listPath());
  const res = await door.post(listPath(), { code: bookings[2].code, _submission: door.submission });
  assert.equal(res.status, 303);
  // The first page shows it without being reloaded.
  await page.locator('#guest-count', { hasText: 'Présents : 1 personne sur 4' }).waitFor({ timeout: 15000 });
  assert.equal(page.url(), server.url + listPath());
  await context.close();
});

test('without JavaScript, the check-in form works and the scanner is not offered', { timeout: 120000 }, async () => {
  const { context, page } = await newPage(browser, { viewport: PHONE, javaScriptEnabled: false });
  await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
  await page.goto(server.url + listPath());
  assert.equal(await page.getByRole('button', { name: 'Scanner le QR code avec la caméra' }).isVisible(), false);
  const [first] = bookings;  // its check-in was undone above: expected again
  await page.getByLabel('Code de réservation').fill(first.code);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "Enregistrer l'entrée" }).click()]);
  assert.match(await page.locator('.flash').first().innerText(), new RegExp(`Entrée enregistrée : ${first.code}`));
  assert.match(await page.locator('#guest-count').innerText(), /Présents : 3 personnes? sur 4/);
  await context.close();
});

// A YUV4MPEG2 video (Chromium's fake camera) showing the booking's QR code: the SVG of the
// confirmation page is drawn on a canvas in the browser, its grey levels become the Y plane.
async function qrVideo(svg, file) {
  const { context, page } = await newPage(browser);
  const W = 640;
  const H = 480;
  const grey = await page.evaluate(async ({ svg, W, H }) => {
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    const size = 360;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, (W - size) / 2, (H - size) / 2, size, size);
    const data = ctx.getImageData(0, 0, W, H).data;
    let out = '';
    for (let i = 0; i < data.length; i += 4) out += String.fromCharCode(data[i + 1]);
    return btoa(out);
  }, { svg, W, H });
  await context.close();
  const y = Buffer.from(grey, 'base64');
  assert.equal(y.length, W * H);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frames = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < 10; i++) frames.push(Buffer.from('FRAME\n'), y, chroma);
  fs.writeFileSync(file, Buffer.concat(frames));
}

test('scanning the booking\'s QR code with the camera checks the guest in', { timeout: 120000 }, async () => {
  // The QR code as the beneficiary shows it: the confirmation page's SVG.
  const referent = new Client(server.url);
  await referent.login(DEMO.referent);
  const guest = bookings[1];
  const confirmation = await referent.get(`/sorties/reservations/${guest.id}`);
  const svg = confirmation.text.match(/<svg[\s\S]*?<\/svg>/)?.[0];
  assert.ok(svg, 'the confirmation page shows a QR code');
  fs.mkdirSync(TMP, { recursive: true });
  const video = path.join(TMP, `qr-${process.pid}.y4m`);
  await qrVideo(svg, video);

  const camera = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const { page } = await newPage(camera, { viewport: PHONE });
    await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
    await page.goto(server.url + listPath());
    const scan = page.getByRole('button', { name: 'Scanner le QR code avec la caméra' });
    await scan.waitFor({ state: 'visible' });
    // The code read is put in the field and the form is sent: the page comes back with the answer.
    await Promise.all([page.waitForNavigation(), scan.click()]);
    assert.equal(page.url(), server.url + listPath());
    assert.match(await page.locator('.flash').first().innerText(), new RegExp(`Entrée enregistrée : ${guest.code}, 1 personnes?`));
  } finally {
    await camera.close();
    fs.rmSync(video, { force: true });
  }
});
