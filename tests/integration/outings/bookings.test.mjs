// Bookings (/sorties): pseudonymous beneficiaries, who may book (charter, onboarding), booking a slot
// and every rule and bad input (each answered in French, nothing changed), double submit, the
// confirmation page with its code and QR code, cancellation, attendance and its undo, the no-show
// suspension, the venue cancelling a slot or adding places, the rules page, and who sees what.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame, waitForMail } from '../harness.mjs';
import {
  addUser, beginOuting, book, bookingStatus, createAllocation, createBeneficiary, publishSlot, flashError, onboard, organisationIds, placesLeft,
  relaisBookings, signIn, unique, networkWideCoordinator,
} from '../bookings_fixtures.mjs';

let server;
let coordinator;
let referent;   // the demo referent: Cultures du Cœur 94, charter signed, onboarded (demo)
let orgs;

before(async () => {
  server = await startTrame();
  await networkWideCoordinator(server);  // the network's coordinator (docs/scopes.md)
  coordinator = await signIn(server, DEMO.coordinator);
  referent = await signIn(server, DEMO.referent);
  orgs = await organisationIds(coordinator, ['Théâtre Quartier Libre', 'Relais social de Vitry-sur-Seine (fictif)', "Médiathèque d'Ivry-sur-Seine (fictive)", 'Cultures du Cœur 94']);
});
after(async () => { await server?.stop(); });

async function rules(values) {
  await coordinator.get('/sorties/regles');
  const res = await coordinator.post('/sorties/regles', { ...values, _submission: unique('s') });
  assert.equal(res.status, 303, flashError(res.text));
}

test('a referent registers pseudonymous beneficiaries of their own relais; bad input changes nothing', async () => {
  const page = await referent.get('/sorties/beneficiaires');
  assert.equal(page.status, 200);
  assert.match(page.text, /Aucun nom, aucune note/);
  assert.doesNotMatch(page.text, /name="(name|first_name|notes|note)"/);
  const before = Number(page.text.match(/Personnes accompagnées du relais — (\d+)/)?.[1] || 0);
  const b = await createBeneficiary(referent, { age_band: '18-25', household_size: '3', commune: '94081', in_qpv: '1' });
  assert.match(b.code, /^B-[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{2}$/);
  const list = await referent.get('/sorties/beneficiaires');
  assert.match(list.text, new RegExp(`— ${before + 1}</caption>`));
  assert.match(list.text, /Vitry-sur-Seine/);

  const bad = [
    [{ age_band: '40-45' }, 'Choisissez une tranche d\'âge.'],
    [{ household_size: '0' }, 'La taille du foyer va de 1 à 15 personnes.'],
    [{ household_size: '16' }, 'La taille du foyer va de 1 à 15 personnes.'],
    [{ commune: '99999' }, 'Commune inconnue'],
    [{ organisation: orgs['Théâtre Quartier Libre'] }, 'Choisissez un relais pour lequel vous réservez.'],
  ];
  for (const [fields, message] of bad) {
    await referent.get('/sorties/beneficiaires');
    const res = await referent.post('/sorties/beneficiaires', { age_band: '26-59', household_size: '1', _submission: unique('s'), ...fields });
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.ok(res.text.includes(message.replace(/'/g, '&apos;')) || res.text.includes(message), `${JSON.stringify(fields)}: ${flashError(res.text)}`);
  }
  const after = await referent.get('/sorties/beneficiaires');
  assert.match(after.text, new RegExp(`— ${before + 1}</caption>`), 'nothing was created by bad input');

  // Another relais's referent does not see them, nor may archive them.
  addUser(server, 'referent.vitry@test.local', 'referent', orgs['Relais social de Vitry-sur-Seine (fictif)']);
  const other = await signIn(server, 'referent.vitry@test.local', 'Sorties-solidaires-2026!');
  const theirs = await other.get('/sorties/beneficiaires');
  assert.ok(!theirs.text.includes(b.code));
  const archive = await other.post(`/sorties/beneficiaires/${b.id}/archiver`, { _submission: unique('s') });
  assert.equal(archive.status, 404);

  // Archiving keeps the record but takes it out of the booking form.
  const c = await createBeneficiary(referent);
  await referent.get('/sorties/beneficiaires');
  const archived = await referent.post(`/sorties/beneficiaires/${c.id}/archiver`, { _submission: unique('s') });
  assert.equal(archived.status, 303);
  const slot = await publishSlot(server, { capacity: 5 });
  const form = await referent.get(`/sorties/creneaux/${slot}/reserver`);
  assert.ok(form.text.includes(`>${b.code} — `));
  assert.ok(!form.text.includes(`>${c.code} — `), 'an archived beneficiary cannot be booked');
});

test('only an onboarded referent of a relais with a signed charter may book; refusals say why', async () => {
  const slot = await publishSlot(server, { capacity: 5 });
  // A relais without a social-relay partnership (the médiathèque is a cultural partner).
  addUser(server, 'referent.ivry@test.local', 'referent', orgs["Médiathèque d'Ivry-sur-Seine (fictive)"]);
  const ivry = await signIn(server, 'referent.ivry@test.local', 'Sorties-solidaires-2026!');
  const noCharter = await ivry.get(`/sorties/creneaux/${slot}/reserver`);
  assert.equal(noCharter.status, 200);
  assert.match(noCharter.text, /il faut un partenariat « relais social » actif dont la charte est signée/);
  assert.doesNotMatch(noCharter.text, /name="beneficiary"/);

  // The Vitry relais has its charter, but its new referent has not been onboarded yet.
  addUser(server, 'referent.vitry2@test.local', 'referent', orgs['Relais social de Vitry-sur-Seine (fictif)']);
  const vitry = await signIn(server, 'referent.vitry2@test.local', 'Sorties-solidaires-2026!');
  const b = await createBeneficiary(vitry);
  const notOnboarded = await vitry.get(`/sorties/creneaux/${slot}/reserver`);
  assert.match(notOnboarded.text, /formation d(&apos;|')accueil/);
  const refused = await book(vitry, slot, b.id);
  assert.equal(refused.status, 422);
  assert.match(flashError(refused.text), /formation d(&apos;|')accueil/);
  assert.equal(await placesLeft(vitry, slot), 5);

  await onboard(coordinator, 'referent.vitry2@test.local', '2026-02-01');
  const ok = await book(vitry, slot, b.id);
  assert.equal(ok.status, 303, flashError(ok.text));
  assert.equal(await bookingStatus(vitry, ok.location), 'Confirmée');
  assert.equal(await placesLeft(vitry, slot), 4);

  // Onboarding dates are checked.
  await coordinator.get('/sorties/referents');
  const list = await coordinator.get('/sorties/referents');
  const action = list.text.slice(list.text.indexOf('referent.vitry2@test.local')).match(/action="(\/sorties\/referents\/\d+)"/)[1];
  const future = await coordinator.post(action, { onboarded_on: '2099-01-01', _submission: unique('s') });
  assert.equal(future.status, 303);
  const shown = await coordinator.get('/sorties/referents');
  assert.match(shown.text, /La date de la formation ne peut pas être dans le futur/);
});

test('booking a slot confirms it with a code, a QR code and the practical details, and e-mails the referent', async () => {
  const slot = await publishSlot(server, { capacity: 3, title: 'Cyrano au Théâtre Quartier Libre' });
  const b = await createBeneficiary(referent, { household_size: '2', in_qpv: '1' });
  const res = await book(referent, slot, b.id, { companions: '1', needs_motor: '1' });
  assert.equal(res.status, 303, flashError(res.text));
  assert.match(res.location, /^\/sorties\/reservations\/\d+$/);
  const page = await referent.get(res.location);
  assert.match(page.text, /Réservation confirmée\./);
  const code = page.text.match(/<strong class="code">([A-Z0-9]{4}-[A-Z0-9]{4})<\/strong>/)[1];
  assert.match(code, /^[ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4}$/);
  assert.match(page.text, /<svg[^>]*>[\s\S]*<\/svg>/);
  assert.match(page.text, /Cyrano au Théâtre Quartier Libre/);
  assert.match(page.text, /Bus 12, arrêt Mairie/);
  assert.match(page.text, /Nombre de places<\/dt><dd>2<\/dd>/);
  assert.match(page.text, /Handicap moteur/);
  // Never the social situation.
  assert.ok(!page.text.includes(b.code), 'the beneficiary code is not on the ticket');
  const ticket = page.text.match(/<article class="booking-ticket[\s\S]*?<\/article>/)[0];
  assert.doesNotMatch(ticket, /QPV|[Qq]uartier prioritaire|foyer|tranche d/);
  assert.equal(await placesLeft(referent, slot), 1);
  const mail = await waitForMail((m) => m.to === DEMO.referent && m.subject.includes('Cyrano') && m.body.includes(code));
  assert.match(mail.subject, /Réservation confirmée/);

  // The venue's staff and the coordinator see the confirmation page; another relais does not.
  const venue = await signIn(server, DEMO.partner_staff);
  assert.equal((await venue.get(res.location)).status, 200);
  assert.equal((await coordinator.get(res.location)).status, 200);
  const other = await signIn(server, 'referent.vitry@test.local', 'Sorties-solidaires-2026!');
  assert.equal((await other.get(res.location)).status, 404);
  const trainee = await signIn(server, DEMO.trainee);
  assert.equal((await trainee.get(res.location)).status, 403);
});

test('a double submit of the booking form books once', async () => {
  const slot = await publishSlot(server, { capacity: 5 });
  const b = await createBeneficiary(referent);
  const before = await relaisBookings(referent);
  await referent.get(`/sorties/creneaux/${slot}/reserver`);
  const fields = { beneficiary: b.id, companions: '0', _submission: referent.submission };
  const [first, second] = await Promise.all([
    referent.post(`/sorties/creneaux/${slot}/reserver`, fields),
    referent.post(`/sorties/creneaux/${slot}/reserver`, fields),
  ]);
  assert.deepEqual([first.status, second.status], [303, 303]);
  const again = await referent.post(`/sorties/creneaux/${slot}/reserver`, fields);
  assert.equal(again.status, 303);
  const after = await relaisBookings(referent);
  assert.equal(after.total, before.total + 1);
  assert.equal(await placesLeft(referent, slot), 4);
});

test('every booking rule and bad input gets its French message and changes nothing', async () => {
  const b = await createBeneficiary(referent, { household_size: '4' });
  const open = await publishSlot(server, { capacity: 2 });
  const family = await publishSlot(server, { capacity: 8, family: true });
  const closed = await publishSlot(server, { capacity: 5, opensIn: -86400, closesIn: -60 });
  const notYet = await publishSlot(server, { capacity: 5, opensIn: 86400 });
  const cases = [
    [open, { companions: '2' }, 'Trop d\'accompagnants : 1 au plus pour cette offre.'],
    [open, { companions: 'deux' }, 'Indiquez un nombre d\'accompagnants (0 ou plus).'],
    [open, { beneficiary: '' }, 'Choisissez une personne accompagnée de votre relais.'],
    [open, { beneficiary: '999999' }, 'Choisissez une personne accompagnée de votre relais.'],
    [family, { companions: '4' }, 'Trop d\'accompagnants : 3 au plus pour cette offre.'],
    [closed, {}, 'Les réservations de cette séance sont closes.'],
    [notYet, {}, 'Les réservations de cette séance ne sont pas encore ouvertes'],
  ];
  const before = await relaisBookings(referent);
  for (const [slot, fields, message] of cases) {
    const res = await book(referent, slot, b.id, fields);
    assert.equal(res.status, 422, `${slot} ${JSON.stringify(fields)}`);
    assert.ok(flashError(res.text).replace(/&apos;/g, "'").startsWith(message), `${message} ≠ ${flashError(res.text)}`);
  }
  assert.equal((await relaisBookings(referent)).total, before.total);
  assert.equal(await placesLeft(referent, open), 2);
  assert.equal(await placesLeft(referent, family), 8);

  // A family offer takes the household.
  const fam = await book(referent, family, b.id, { companions: '3' });
  assert.equal(fam.status, 303, flashError(fam.text));
  assert.equal(await placesLeft(referent, family), 4);
  // One active booking per beneficiary and slot.
  const twice = await book(referent, family, b.id);
  assert.equal(twice.status, 422);
  assert.equal(flashError(twice.text), 'Cette personne a déjà une réservation pour cette séance.');

  // A forged slot id: a French answer, nothing booked.
  await referent.get(`/sorties/creneaux/${open}/reserver`);
  const forged = await referent.post('/sorties/creneaux/987654/reserver', { beneficiary: b.id, _submission: unique('s') });
  assert.equal(forged.status, 404);
  assert.match(forged.text, /Ce créneau n(&apos;|')existe pas ou n(&apos;|')est pas proposé à votre réseau/);
  assert.equal((await referent.get('/sorties/creneaux/987654/reserver')).status, 404);

  // Bookings per beneficiary per month.
  await rules({ bookings_per_month: '1' });
  const sameMonth = await publishSlot(server, { capacity: 5, startsIn: 86400 * 30 + 3600 });
  const month = await book(referent, sameMonth, b.id);
  assert.equal(month.status, 422);
  assert.match(flashError(month.text), /déjà 1 réservations? ce mois-ci/);
  await rules({ bookings_per_month: '4' });

  // A per-structure share of a scarce slot.
  await rules({ structure_share_percent: '50' });
  const scarce = await publishSlot(server, { capacity: 4 });
  const s1 = await createBeneficiary(referent);
  const s2 = await createBeneficiary(referent);
  assert.equal((await book(referent, scarce, s1.id, { companions: '1' })).status, 303);
  const share = await book(referent, scarce, s2.id);
  assert.equal(share.status, 422);
  assert.match(flashError(share.text), /Votre relais a déjà sa part des places de cette séance \(50 %\)/);
  assert.equal(await placesLeft(referent, scarce), 2);
  await rules({ structure_share_percent: '0' });
});

test('a full slot puts the request on the waiting list; a cancelled or past slot refuses', async () => {
  const slot = await publishSlot(server, { capacity: 1 });
  const a = await createBeneficiary(referent);
  const b = await createBeneficiary(referent);
  const first = await book(referent, slot, a.id);
  assert.equal(first.status, 303);
  const second = await book(referent, slot, b.id);
  assert.equal(second.status, 303);
  const page = await referent.get(second.location);
  assert.match(page.text, /Complet : votre demande est sur liste d(&apos;|')attente/);
  assert.equal(await bookingStatus(referent, second.location), 'Sur liste d\'attente'.replace("'", '&apos;'));
  assert.doesNotMatch(page.text, /<svg/);
  assert.equal(await placesLeft(referent, slot), 0);

  // The venue cancels the slot with a reason: every booking is cancelled and the referent told.
  const venue = await signIn(server, DEMO.partner_staff);
  const manage = await venue.get(`/sorties/creneaux/${slot}/annuler`);
  assert.equal(manage.status, 200);
  const noReason = await venue.post(`/sorties/creneaux/${slot}/annuler`, { reason: ' ', _submission: unique('s') });
  assert.equal(noReason.status, 303);
  assert.match((await venue.get(`/sorties/creneaux/${slot}/annuler`)).text, /Indiquez le motif de l(&apos;|')annulation/);
  const cancelled = await venue.post(`/sorties/creneaux/${slot}/annuler`, { reason: 'Comédien malade', _submission: unique('s') });
  assert.equal(cancelled.status, 303);
  assert.match((await venue.get(`/sorties/creneaux/${slot}/annuler`)).text, /Séance annulée : 2 réservations? annulées?/);
  assert.match(await bookingStatus(referent, first.location), /Annulée/);
  const mail = await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Séance annulée') && m.body.includes('Comédien malade'));
  assert.ok(mail);
  const c = await createBeneficiary(referent);
  const onCancelled = await book(referent, slot, c.id);
  assert.equal(onCancelled.status, 422);
  assert.equal(flashError(onCancelled.text), 'Cette séance est annulée : rien n&apos;a été réservé.');

  // Another venue's staff may not touch this slot.
  const other = await publishSlot(server, { capacity: 2, venue: 'Le Préambule' });
  assert.equal((await venue.get(`/sorties/creneaux/${other}/annuler`)).status, 404);
  const forged = await venue.post(`/sorties/creneaux/${other}/places`, { places: '3', _submission: unique('s') });
  assert.equal(forged.status, 404);
  // The coordinator may add places anywhere.
  await coordinator.get(`/sorties/creneaux/${other}/annuler`);
  const added = await coordinator.post(`/sorties/creneaux/${other}/places`, { places: '3', _submission: unique('s') });
  assert.equal(added.status, 303);
  assert.equal(await placesLeft(referent, other), 5);
  const zero = await coordinator.post(`/sorties/creneaux/${other}/places`, { places: '0', _submission: unique('s') });
  assert.equal(zero.status, 303);
  assert.match((await coordinator.get(`/sorties/creneaux/${other}/annuler`)).text, /Indiquez un nombre de places à ajouter/);
  assert.equal(await placesLeft(referent, other), 5);

});

test('the referent cancels (free before the deadline, late after) and the place is freed', async () => {
  const slot = await publishSlot(server, { capacity: 2 });
  const a = await createBeneficiary(referent);
  const res = await book(referent, slot, a.id);
  assert.equal(await placesLeft(referent, slot), 1);
  await referent.get(res.location);
  const cancel = await referent.post(`${res.location}/annuler`, { motive: 'unavailable', _submission: unique('s') });
  assert.equal(cancel.status, 303);
  const page = await referent.get(res.location);
  assert.match(page.text, /Annulée<\/strong> — annulée par le relais/);
  assert.equal(await placesLeft(referent, slot), 2);
  const again = await referent.post(`${res.location}/annuler`, { motive: 'unavailable', _submission: unique('s') });
  assert.equal(again.status, 303);
  assert.match((await referent.get(res.location)).text, /Cette réservation est déjà annulée/);
  assert.equal(await placesLeft(referent, slot), 2);
  await waitForMail((m) => m.to === DEMO.referent && m.subject.startsWith('Réservation annulée'));

  // A place freed on a full slot is offered to the waiting list (the queue), with a link to accept it.
  const full = await publishSlot(server, { capacity: 1 });
  const first = await book(referent, full, (await createBeneficiary(referent)).id);
  const next = await book(referent, full, (await createBeneficiary(referent)).id);
  assert.equal(await bookingStatus(referent, next.location), 'Sur liste d&apos;attente');
  await referent.get(first.location);
  await referent.post(`${first.location}/annuler`, { motive: 'unavailable', _submission: unique('s') });
  const offered = await referent.get(next.location);
  assert.match(offered.text, /Place proposée/);
  assert.match(offered.text, new RegExp(`href="${next.location}/accepter"`));
  assert.equal(await placesLeft(referent, full), 0, 'the offered place is held for the next person');

  // After the free-cancellation deadline: a late cancellation (announced, not a no-show).
  const soon = await publishSlot(server, { capacity: 2, cancelIn: -60 });
  const b = await createBeneficiary(referent);
  const res2 = await book(referent, soon, b.id);
  const before = await referent.get(res2.location);
  assert.match(before.text, /annulation sera comptée comme tardive/);
  await referent.post(`${res2.location}/annuler`, { motive: 'unavailable', _submission: unique('s') });
  assert.match((await referent.get(res2.location)).text, /Annulée<\/strong> — annulation tardive/);
  assert.equal(await placesLeft(referent, soon), 2);
});

test('attendance after the event: present, absent (no-show suspension with the reason) and undo', { timeout: 180000 }, async () => {
  await rules({ no_show_limit: '1', suspension_months: '3' });
  const present = await createBeneficiary(referent);
  const absent = await createBeneficiary(referent);
  // A slot that starts within the hour (booking closes when it starts).
  const slot = await publishSlot(server, { capacity: 5, startsIn: 3600 });
  const p = await book(referent, slot, present.id);
  const a = await book(referent, slot, absent.id);
  assert.equal(p.status, 303);
  assert.equal(a.status, 303);
  const early = await referent.post(`${p.location}/presence`, { mark: 'present', _submission: unique('s') });
  assert.equal(early.status, 303);
  assert.match((await referent.get(p.location)).text, /La présence s(&apos;|')enregistre après le début de la séance/);
  beginOuting(server, slot);
  // The slot has started: booking it is refused.
  const latecomer = await createBeneficiary(referent);
  const late = await book(referent, slot, latecomer.id);
  assert.equal(late.status, 422);
  assert.equal(flashError(late.text), 'Cette séance est passée : rien n&apos;a été réservé.');

  await referent.get(p.location);
  await referent.post(`${p.location}/presence`, { mark: 'present', _submission: unique('s') });
  assert.equal(await bookingStatus(referent, p.location), 'Sortie effectuée');
  // Undo a wrong "used".
  await referent.post(`${p.location}/presence/annuler`, { _submission: unique('s') });
  assert.equal(await bookingStatus(referent, p.location), 'Confirmée');
  const bad = await referent.post(`${p.location}/presence`, { mark: 'peut-être', _submission: unique('s') });
  assert.equal(bad.status, 303);
  assert.match((await referent.get(p.location)).text, /Choisissez présente, absente ou annulation tardive/);
  assert.equal(await bookingStatus(referent, p.location), 'Confirmée');

  await referent.post(`${a.location}/presence`, { mark: 'absent', _submission: unique('s') });
  const after = await referent.get(a.location);
  assert.match(after.text, /Trop d(&apos;|')absences non annoncées : la personne ne pourra plus être inscrite jusqu(&apos;|')au \d\d\/\d\d\/\d{4}/);
  assert.equal(await bookingStatus(referent, a.location), 'Absence non annoncée');
  const list = await referent.get('/sorties/beneficiaires');
  assert.match(list.text.slice(list.text.indexOf(absent.code)), /^[\s\S]*?Inscription suspendue jusqu(&apos;|')au/);
  const other = await publishSlot(server, { capacity: 5 });
  const suspended = await book(referent, other, absent.id);
  assert.equal(suspended.status, 422);
  assert.match(flashError(suspended.text), /Cette personne ne peut pas être inscrite jusqu(&apos;|')au \d\d\/\d\d\/\d{4} : au moins 1 absences non annoncées en 12 mois\./);
  assert.equal(await placesLeft(referent, other), 5);

  // Undoing the no-show lifts the suspension it caused.
  await referent.post(`${a.location}/presence/annuler`, { _submission: unique('s') });
  assert.equal(await bookingStatus(referent, a.location), 'Confirmée');
  const allowed = await book(referent, other, absent.id);
  assert.equal(allowed.status, 303, flashError(allowed.text));
  // Late cancellation recorded after the event.
  await referent.post(`${p.location}/presence`, { mark: 'late', _submission: unique('s') });
  assert.match((await referent.get(p.location)).text, /Annulée<\/strong> — annulation tardive/);
  await rules({ no_show_limit: '3' });
});

test('the rules page validates every setting and changes nothing on bad input', async () => {
  const page = await coordinator.get('/sorties/regles');
  assert.equal(page.status, 200);
  assert.match(page.text, /Réservations par personne et par mois/);
  const bad = await coordinator.post('/sorties/regles', { max_companions: '11', bookings_per_month: '2', _submission: unique('s') });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /« Accompagnants par réservation » doit être un nombre entier entre 0 et 10\./);
  const again = await coordinator.get('/sorties/regles');
  assert.match(again.text, /id="r-bookings_per_month" name="bookings_per_month"[^>]*value="4"/);
  const neg = await coordinator.post('/sorties/regles', { no_show_limit: '-1', _submission: unique('s') });
  assert.equal(neg.status, 422);
  assert.equal((await referent.get('/sorties/regles')).status, 403);
  assert.equal((await referent.get('/sorties/referents')).status, 403);
});

test('an allocation reserved for structures: others are refused, the quota is enforced', async () => {
  // The Vitry relais (charter signed) gets a quota of 2 places; nobody else may book these places.
  addUser(server, 'referent.vitry3@test.local', 'referent', orgs['Relais social de Vitry-sur-Seine (fictif)']);
  await onboard(coordinator, 'referent.vitry3@test.local');
  const vitry = await signIn(server, 'referent.vitry3@test.local', 'Sorties-solidaires-2026!');
  const allocation = await createAllocation(server, {
    places: 10, targets: [{ organisation: orgs['Relais social de Vitry-sur-Seine (fictif)'], quota: 2 }],
  });
  const slot = await publishSlot(server, { capacity: 5, allocation, title: 'Tous au cinéma (test)' });
  const mine = await createBeneficiary(referent);
  const refused = await book(referent, slot, mine.id);
  assert.equal(refused.status, 422);
  assert.equal(flashError(refused.text), 'Les places de cette séance sont réservées à d&apos;autres structures ou délégations.');
  assert.equal(await placesLeft(referent, slot), 5);
  const v1 = await createBeneficiary(vitry);
  const v2 = await createBeneficiary(vitry);
  const ok = await book(vitry, slot, v1.id, { companions: '1' });
  assert.equal(ok.status, 303, flashError(ok.text));
  const over = await book(vitry, slot, v2.id);
  assert.equal(over.status, 422);
  assert.equal(flashError(over.text), 'Le contingent de votre structure pour ces places est épuisé.');
  assert.equal(await placesLeft(vitry, slot), 3);
  // Cancelling gives the quota back.
  await vitry.get(ok.location);
  await vitry.post(`${ok.location}/annuler`, { motive: 'unavailable', _submission: unique('s') });
  const again = await book(vitry, slot, v2.id);
  assert.equal(again.status, 303, flashError(again.text));
  // Added places on a slot of an allocation come from the pool.
  const venue = await signIn(server, DEMO.partner_staff);
  await venue.get(`/sorties/creneaux/${slot}/annuler`);
  const tooMany = await venue.post(`/sorties/creneaux/${slot}/places`, { places: '6', _submission: unique('s') });
  assert.equal(tooMany.status, 303);
  assert.match((await venue.get(`/sorties/creneaux/${slot}/annuler`)).text, /Le contingent de cette séance n(&apos;|')a plus assez de places/);
  assert.equal(await placesLeft(vitry, slot), 4);

  // A share under which bookings were made stays; an unused one can be removed, and removing the
  // last one opens the pool to everyone.
  const removal = async (name) => {
    const page = await coordinator.get(`/sorties/contingents/${allocation}`);
    const m = page.text.match(new RegExp(`action="(/sorties/contingents/${allocation}/cibles/\\d+/retirer)"[^>]*>[^<]*<input[^>]*>[^<]*<button[^>]*aria-label="Retirer : ${name}`));
    return m[1];
  };
  const vitryShare = await removal('Relais social de Vitry-sur-Seine \\(fictif\\)');
  let res = await coordinator.post(vitryShare, {});
  assert.equal(res.status, 422);
  assert.equal(res.text.match(/role="alert"[^>]*>\s*(?:<p>)?([^<]*)/)?.[1], 'Des réservations ont déjà été faites au titre de cette part : elle ne peut plus être retirée (mettez plutôt son quota aux places déjà prises).');
  res = await coordinator.post(`/sorties/contingents/${allocation}/cibles`, { organisation: String(orgs['Cultures du Cœur 94']), quota: '1', _submission: unique('s') });
  assert.equal(res.status, 303);
  res = await coordinator.post(await removal('Cultures du Cœur 94'), {});
  assert.equal(res.status, 303);
  let page = await coordinator.get(res.location);
  assert.match(page.text, /La réservation du contingent à Cultures du Cœur 94 est retirée\./);
  assert.doesNotMatch(page.text, /Retirer : Cultures du Cœur 94/);
  assert.match(page.text, /Retirer : Relais social de Vitry-sur-Seine/);
  assert.equal((await coordinator.post(`/sorties/contingents/${allocation}/cibles/999999/retirer`, {})).status, 404);
});
