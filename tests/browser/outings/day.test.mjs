// The outings' day in a real browser, from each role's dashboard, at 390 px and at 1280 px (issue 14,
// "Done when"): the referent books an outing and hands over its ticket (the PDF download, the
// signed link opened without an account, the SMS text copied and the ticket e-mailed to an address
// typed at the time); the venue's box office checks the person in from its next
// slots; the coordinator reads the alerts. Every page passes axe and keeps its actions on screen;
// each role's dashboard is saved at phone size (build/screenshots/<role>-dashboard-phone.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, DEMO_PASSWORD, startTrame } from '../../integration/harness.mjs';
import { createSlot } from '../../integration/guestlists_fixtures.mjs';
import {
  LAPTOP, PHONE_390, expectAccessible, expectActionsOnScreen, launch, login, mainText, newPage, screenshot,
} from '../browser.mjs';

let server;
let browser;
const slots = {};
const tickets = {};  // code of the booking made at each size

before(async () => {
  [server, browser] = await Promise.all([startTrame({ smtp: false }), launch()]);
  slots.phone = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (journée téléphone)', capacity: 12 });
  slots.laptop = await createSlot(server, { venue: 'Théâtre Quartier Libre', title: 'Le Cid (journée ordinateur)', capacity: 12 });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function check(page, label) {
  await expectAccessible(page, label);
  await expectActionsOnScreen(page, label);
}

async function follow(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

for (const [size, viewport] of [['phone', PHONE_390], ['laptop', LAPTOP]]) {
  const title = size === 'phone' ? 'Le Cid (journée téléphone)' : 'Le Cid (journée ordinateur)';

  test(`referent @${size}: from the dashboard, books an outing and hands over its ticket`, { timeout: 180000 }, async () => {
    const { context, page } = await newPage(browser, { viewport, acceptDownloads: true });
    await login(page, server.url, DEMO.referent, DEMO_PASSWORD);
    await page.goto(server.url + '/tableau-de-bord');
    assert.match(await mainText(page), /Mes prochaines sorties/);
    await check(page, `referent dashboard @${size}`);
    if (size === 'phone') await screenshot(page, 'referent-dashboard-phone');

    await follow(page, page.locator('main').getByRole('link', { name: 'Réserver une sortie dans le catalogue' }));
    assert.equal(new URL(page.url()).pathname, '/sorties');
    await check(page, `catalogue @${size}`);
    // The filters are folded under one disclosure; the text search finds the outing.
    assert.equal(await page.locator('details.catalogue-filters').getAttribute('open'), null);
    await page.getByLabel('Mots-clés (titre, lieu, commune)').fill(title);
    await follow(page, page.getByRole('button', { name: 'Rechercher', exact: true }));
    await follow(page, page.locator('main').getByRole('link', { name: title }).first());
    await check(page, `offer @${size}`);
    await follow(page, page.getByRole('link', { name: /^Réserver — / }).first());
    await check(page, `booking form @${size}`);
    const person = page.getByLabel('Personne accompagnée (code)');
    const options = await person.locator('option').allInnerTexts();
    const label = options.find((o) => /— .*ans, (personne seule|foyer de \d+)$/.test(o));
    assert.ok(label, `labelled attributes in the picker: ${options.slice(0, 3).join(' | ')}`);
    await person.selectOption({ label });
    await follow(page, page.getByRole('button', { name: 'Réserver', exact: true }));
    assert.match(page.url(), /\/sorties\/reservations\/\d+$/);
    const text = await mainText(page);
    assert.match(text, /Réservation confirmée\./);
    tickets[size] = text.match(/\b([ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4})\b/)[1];
    await check(page, `booking @${size}`);

    // The ticket: a PDF for the phone, and the link that opens it without an account.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le billet pour téléphone (PDF)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^billet-le-cid-journee-(telephone|ordinateur)-\d{4}-\d{2}-\d{2}-telephone\.pdf$/);
    const link = await page.getByLabel('Lien du billet à transmettre à la personne').inputValue();
    assert.match(link, /\/sorties\/billets\/[0-9a-f.]+$/);

    const person_ = await newPage(browser, { viewport });
    await person_.page.goto(link);
    const ticket = await mainText(person_.page);
    assert.match(ticket, new RegExp(tickets[size]));
    assert.doesNotMatch(ticket, /B-[A-Z0-9]{4}-[A-Z0-9]{2}/);
    await check(person_.page, `ticket without an account @${size}`);
    await person_.context.close();

    // Handing the ticket to the person's own phone or address: the SMS text, copied with the button
    // (the clipboard granted to the page), then the ticket e-mailed to an address typed now.
    const sms = page.getByLabel('Texte à envoyer par SMS à la personne');
    const smsText = await sms.inputValue();
    assert.match(smsText, new RegExp(`^Invitation : ${title.replace(/[()]/g, '\\$&')}, le .* Code : ${tickets[size]}\\. Votre billet : `));
    assert.ok(smsText.endsWith(link), smsText);
    assert.match(await page.getByRole('link', { name: "Ouvrir dans l'application SMS" }).getAttribute('href'), /^sms:\?&body=Invitation/);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByRole('button', { name: 'Copier', exact: true }).click();
    await page.getByText('Texte copié. Collez-le dans un SMS à la personne.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), smsText);
    await page.getByLabel('Adresse e-mail de la personne').fill(`personne.${size}@exemple.org`);
    await check(page, `ticket handover @${size}`);
    if (size === 'phone') await screenshot(page, 'referent-ticket-handover-phone');
    await follow(page, page.getByRole('button', { name: 'Envoyer le billet par courriel', exact: true }));
    assert.match(await mainText(page), /Le billet a été envoyé par courriel\. L'adresse saisie n'est pas conservée\./);
    assert.equal(await page.getByLabel('Adresse e-mail de la personne').inputValue(), '', 'the address is not shown again');
    await check(page, `ticket sent @${size}`);

    // Back on the dashboard, the outing is listed with its places.
    await page.goto(server.url + '/tableau-de-bord');
    assert.match(await mainText(page), new RegExp(title.replace(/[()]/g, '\\$&')));
    await context.close();
  });

  test(`box office @${size}: from the dashboard's next slots, checks the person in`, { timeout: 120000 }, async () => {
    assert.ok(tickets[size], 'the referent booked first');
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.partner_staff, DEMO_PASSWORD);
    await page.goto(server.url + '/tableau-de-bord');
    const dash = await mainText(page);
    assert.match(dash, /Prochains créneaux de mes lieux/);
    assert.match(dash, /places? restantes? sur 12/);
    await check(page, `box office dashboard @${size}`);
    if (size === 'phone') await screenshot(page, 'venue-dashboard-phone');

    await follow(page, page.locator('main').getByRole('link', { name: title }).first());
    assert.match(page.url(), /\/invites$/);
    await check(page, `guest list @${size}`);
    await page.getByLabel('Code de réservation').fill(tickets[size].toLowerCase().replace('-', ''));
    await follow(page, page.getByRole('button', { name: "Enregistrer l'entrée" }));
    assert.match(await mainText(page), new RegExp(`Entrée enregistrée : ${tickets[size]}`));
    await check(page, `guest list after check-in @${size}`);
    await context.close();
  });

  test(`coordinator @${size}: reads the outings' alerts from the dashboard`, { timeout: 120000 }, async () => {
    const { context, page } = await newPage(browser, { viewport });
    await login(page, server.url, DEMO.coordinator, DEMO_PASSWORD);
    await page.goto(server.url + '/tableau-de-bord');
    const dash = await mainText(page);
    assert.match(dash, /Alertes des sorties/);
    await check(page, `coordinator dashboard @${size}`);
    if (size === 'phone') await screenshot(page, 'coordinator-dashboard-phone');
    await follow(page, page.locator('main').getByRole('link', { name: 'Pilotage des sorties' }));
    await check(page, `outings overview @${size}`);
    await context.close();
  });
}
