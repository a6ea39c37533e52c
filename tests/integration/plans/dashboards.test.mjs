// Dashboards per audience (/rapports): each audience sees its blocks and not the others'; the period is
// compared with the previous one of the same length on rows this test made (2016 and 2017, years no other
// test touches); figures about people below 5 show « < 5 »; outings per 1,000 inhabitants per EPCI from
// the communes' official populations; no role, no page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, startTrame } from '../harness.mjs';
import { PASSWORD, addUser, networkWideCoordinator, signIn, unique } from '../bookings_fixtures.mjs';
import { at, world } from './fixtures.mjs';

let server;
let w;
before(async () => {
  server = await startTrame();
  await networkWideCoordinator(server);
  w = world(server);
});
after(async () => { await server?.stop(); });

const unescape = (s) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&amp;/g, '&').trim();

// The figures of a block: key → { value, previous, change, url }; null when the block is absent.
function block(html, audience) {
  const start = html.indexOf(`id="bloc-${audience}"`);
  if (start < 0) return null;
  const end = html.indexOf('</section>', start);
  const part = html.slice(start, end);
  const figures = {};
  for (const m of part.matchAll(/<tr data-figure="([a-z_]+)"><th scope="row">[^<]*<\/th><td class="value">(.*?)<\/td><td class="previous">(.*?)<\/td><td class="change">(.*?)<\/td><\/tr>/g)) {
    const link = m[2].match(/href="([^"]+)"/);
    figures[m[1]] = { value: unescape(m[2]), previous: unescape(m[3]), change: unescape(m[4]), url: link ? link[1].replace(/&amp;/g, '&') : null };
  }
  return { figures, html: part };
}

test('each audience sees its figures over the period, compared with the previous one', async () => {
  const e = w.epci([3000, 2000]);
  const home = e.communes[0].code;
  const venue = w.organisation('cultural', home);
  const relais = w.organisation('social', home);
  const offer = w.offer(venue.id);
  const s2016 = w.slot(offer, at(2016, 3, 10));
  const march = w.slot(offer, at(2017, 3, 10));
  const may = w.slot(offer, at(2017, 5, 12));
  const people = Array.from({ length: 6 }, () => w.person(relais.id, home));
  for (const p of people.slice(0, 5)) w.booking(relais.id, p, s2016);          // 2016: 5 people, 5 places
  w.booking(relais.id, people[0], march, { places: 2 });                       // 2017: 6 people, 7 places
  for (const p of people.slice(1)) w.booking(relais.id, p, may);
  w.booking(relais.id, people[0], may, { status: 'no_show' });                 // 1 no-show

  const referentEmail = `${unique('referent.rapports')}@trame.test`;
  addUser(server, referentEmail, 'referent', relais.id);
  const partnerEmail = `${unique('lieu.rapports')}@trame.test`;
  addUser(server, partnerEmail, 'partner_staff', venue.id);

  const q = 'du=2017-01-01&au=2017-12-31';
  // The coordinator (network-wide): the network's block, nothing of the venue's or the relais'.
  const coordinator = await signIn(server, DEMO.coordinator);
  const page = await coordinator.get(`/rapports?${q}`);
  assert.equal(page.status, 200);
  const net = block(page.text, 'network');
  assert.ok(net, 'the network block');
  assert.deepEqual(net.figures.people, { value: '6', previous: '5', change: '+20,0 %', url: `/sorties/portee?${q}` });
  assert.deepEqual(net.figures.places, { value: '7', previous: '5', change: '+40,0 %', url: `/sorties/portee?${q}` });
  assert.equal(net.figures.bookings.value, '7');
  assert.equal(net.figures.bookings.previous, '5');
  assert.equal(net.figures.bookings.url, `/sorties/pilotage?${q}`);
  assert.equal(net.figures.no_shows.value, '< 5');
  assert.equal(net.figures.no_shows.change, '—');
  assert.equal(block(page.text, 'venue'), null);
  assert.equal(block(page.text, 'relais'), null);
  // Per 1,000 inhabitants: 7 places for 5,000 inhabitants.
  const epciRow = net.html.match(new RegExp(`<tr data-epci="${e.siren}"><th scope="row">[^<]*</th><td>(\\d+)</td><td>(\\d+)</td><td class="per-thousand">([^<]*)</td>`));
  assert.ok(epciRow, 'the EPCI has its row');
  assert.deepEqual(epciRow.slice(1, 4), ['7', '5000', '1,4']);
  // The chart: an SVG with a title and the same figures in a table.
  assert.match(net.html, /<svg role="img" aria-labelledby="chart-network-title"/);
  assert.match(net.html, /<th scope="row">2017-03<\/th><td>&lt; 5<\/td>/);
  assert.match(net.html, /<th scope="row">2017-05<\/th><td>5<\/td>/);

  // The referent: their relais only.
  const referent = await signIn(server, referentEmail, PASSWORD);
  const rp = await referent.get(`/rapports?${q}`);
  assert.equal(rp.status, 200);
  assert.equal(block(rp.text, 'network'), null);
  assert.equal(block(rp.text, 'venue'), null);
  const rel = block(rp.text, 'relais');
  assert.equal(rel.figures.bookings.value, '7');
  assert.equal(rel.figures.people.value, '6');
  assert.equal(rel.figures.people.previous, '5');
  assert.equal(rel.figures.places.value, '7');

  // The venue's staff: places offered, booked, used and no-shows at their venue.
  const partner = await signIn(server, partnerEmail, PASSWORD);
  const vp = await partner.get(`/rapports?${q}`);
  assert.equal(vp.status, 200);
  assert.equal(block(vp.text, 'network'), null);
  assert.equal(block(vp.text, 'relais'), null);
  const ven = block(vp.text, 'venue');
  assert.equal(ven.figures.offered.value, '100');
  assert.equal(ven.figures.offered.previous, '50');
  assert.equal(ven.figures.offered.change, '+100,0 %');
  assert.equal(ven.figures.booked.value, '8');
  assert.equal(ven.figures.places.value, '7');
  assert.equal(ven.figures.places.previous, '5');
  assert.equal(ven.figures.no_shows.value, '< 5');

  // Fewer than 5 people: « < 5 », never the number.
  const s2018 = w.slot(offer, at(2018, 2, 1));
  for (const p of people.slice(0, 3)) w.booking(relais.id, p, s2018);
  const small = block((await referent.get('/rapports?du=2018-01-01&au=2018-12-31')).text, 'relais');
  assert.equal(small.figures.people.value, '< 5');
  assert.equal(small.figures.places.value, '< 5');
});

test('a délégation-limited coordinator sees the relais of their délégation only', async () => {
  const e = w.epci([1000]);
  const inside = w.organisation('social', e.communes[0].code);
  const outside = w.organisation('social', null);
  const venue = w.organisation('cultural', e.communes[0].code);
  const offer = w.offer(venue.id);
  const slot = w.slot(offer, at(2017, 9, 5));
  for (let i = 0; i < 6; i++) w.booking(inside.id, w.person(inside.id, e.communes[0].code), slot);
  for (let i = 0; i < 7; i++) w.booking(outside.id, w.person(outside.id, null), slot);
  const dep = w.sql(`SELECT departement_code FROM communes WHERE code = '${e.communes[0].code}'`);
  const delegation = w.sql(`INSERT INTO delegations (departement_code, name, created_at) VALUES ('${dep}', '${unique('Délégation')}', 0) RETURNING id`);
  w.sql(`INSERT INTO delegation_epcis (delegation_id, epci_siren) VALUES (${delegation}, '${e.siren}')`);
  const email = `${unique('coordination.rapports')}@trame.test`;
  addUser(server, email, 'coordinator', venue.id);
  w.sql(`UPDATE memberships SET delegation_id = ${delegation} WHERE user_id = (SELECT id FROM users WHERE email = '${email}')`);
  const coordinator = await signIn(server, email, PASSWORD);
  const page = await coordinator.get('/rapports?du=2017-09-01&au=2017-09-30');
  assert.equal(page.status, 200);
  assert.equal(block(page.text, 'network'), null);
  const mine = block(page.text, 'delegation');
  assert.ok(mine, 'the délégation block');
  assert.equal(mine.figures.people.value, '6');
  assert.equal(mine.figures.places.value, '6');
  // The network-wide coordinator sees both relais.
  const all = block((await (await signIn(server, DEMO.coordinator)).get('/rapports?du=2017-09-01&au=2017-09-30')).text, 'network');
  assert.equal(Number(all.figures.people.value) >= 13, true);
});

test('a training organisation sees its block, with the satisfaction of its latest published results', async () => {
  const org = w.organisation('training');
  const programme = w.sql(`INSERT INTO training_programmes (organiser_id, title, status, created_at, updated_at) VALUES (${org.id}, '${unique('Programme')}', 'published', 0, 0) RETURNING id`);
  w.sql(`INSERT INTO programme_results (programme_id, computed_at, satisfaction, satisfaction_responses, trainees, published) VALUES (${programme}, ${at(2016, 6, 1)}, 4.0, 10, 10, 1)`);
  w.sql(`INSERT INTO programme_results (programme_id, computed_at, satisfaction, satisfaction_responses, trainees, published) VALUES (${programme}, ${at(2017, 6, 1)}, 4.5, 10, 10, 1)`);
  w.sql(`INSERT INTO programme_results (programme_id, computed_at, satisfaction, satisfaction_responses, trainees, published) VALUES (${programme}, ${at(2017, 7, 1)}, 1.0, 10, 10, 0)`);
  const email = `${unique('formation.rapports')}@trame.test`;
  addUser(server, email, 'training_staff', org.id);
  const staff = await signIn(server, email, PASSWORD);
  const page = await staff.get('/rapports?du=2017-01-01&au=2017-12-31');
  assert.equal(page.status, 200);
  for (const other of ['network', 'delegation', 'venue', 'relais', 'certifier']) assert.equal(block(page.text, other), null, other);
  const training = block(page.text, 'training');
  assert.deepEqual(training.figures.satisfaction, { value: '4,5 / 5', previous: '4,0 / 5', change: '+12,5 %', url: null });
  assert.equal(training.figures.sessions.value, '0');
});

test('a certifier sees its candidates and successes', async () => {
  const org = w.organisation('certifier');
  const cert = w.sql(`INSERT INTO certifications (owner_id, status, created_at, updated_at) VALUES (${org.id}, 'published', 0, 0) RETURNING id`);
  const version = w.sql(`INSERT INTO certification_versions (certification_id, number, title, created_at) VALUES (${cert}, 1, '${unique('Certification')}', 0) RETURNING id`);
  const session = w.sql(`INSERT INTO certification_sessions (certification_id, title, day, created_at, updated_at) VALUES (${cert}, 'Jury', '2017-06-01', 0, 0) RETURNING id`);
  const register = (createdAt) => {
    const user = w.sql(`INSERT INTO users (email, name, created_at) VALUES ('${unique('candidat')}@trame.test', 'Candidat', 0) RETURNING id`);
    return w.sql(`INSERT INTO certification_registrations (certification_id, version_id, user_id, code, employer_type, status, created_at, updated_at) VALUES (${cert}, ${version}, ${user}, '${unique('C')}', 'association', 'eligible', ${createdAt}, 0) RETURNING id`);
  };
  const certificate = (registration, { complete = 1, revoked = 0 } = {}) => w.sql(`INSERT INTO certification_certificates (registration_id, session_id, complete, blocks, issued_at, pdf, sha256, revoked_at) VALUES (${registration}, ${session}, ${complete}, 'BC01', ${at(2017, 6, 2)}, '', '', ${revoked})`);
  const old = Array.from({ length: 5 }, () => register(at(2016, 4, 1)));
  const recent = Array.from({ length: 6 }, () => register(at(2017, 4, 1)));
  for (const r of recent.slice(0, 5)) certificate(r);
  certificate(recent[5], { complete: 0 });           // partial: not a success
  certificate(old[0], { revoked: at(2017, 8, 1) });  // revoked: not a success
  const email = `${unique('certif.rapports')}@trame.test`;
  addUser(server, email, 'training_staff', org.id);
  const staff = await signIn(server, email, PASSWORD);
  const page = await staff.get('/rapports?du=2017-01-01&au=2017-12-31');
  assert.equal(page.status, 200);
  const c = block(page.text, 'certifier');
  assert.ok(c, 'the certifier block');
  assert.deepEqual(c.figures.candidates, { value: '6', previous: '5', change: '+20,0 %', url: null });
  assert.equal(c.figures.successes.value, '5');
  assert.equal(c.figures.successes.previous, '0');
  assert.equal(block(page.text, 'network'), null);
});

test('no audience, no page; a period that is not one is said in French', async () => {
  const trainee = await signIn(server, DEMO.trainee);
  assert.equal((await trainee.get('/rapports')).status, 403);
  const coordinator = await signIn(server, DEMO.coordinator);
  const bad = await coordinator.get('/rapports?du=2017-05-01&au=2017-04-01');
  assert.equal(bad.status, 200);
  assert.match(bad.text, /La période est invalide/);
});
