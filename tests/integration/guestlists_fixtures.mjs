// Fixtures of the guest-list tests (integration and browser), made over HTTP as in real life: an
// administrator publishes an offer at a venue and adds a slot through the outings pages, and the demo
// referent books it through the booking form.
import assert from 'node:assert/strict';
import { Client, DEMO, until } from './harness.mjs';

const admins = new WeakMap();
async function adminOf(server) {
  if (!admins.has(server)) {
    const c = new Client(server.url);
    const res = await c.login(DEMO.administrator);
    assert.equal(res.status, 303, 'login as administrator');
    admins.set(server, c);
  }
  return admins.get(server);
}

// 'YYYY-MM-DDTHH:MM' in Europe/Paris, for datetime-local fields.
function localInput(date) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

// A published offer at the venue with one first-come slot in ten days; returns the slot's id.
// The slot starts today (in 30 minutes, or `startsIn` seconds): check-in is only for the outing's day.
// groupPlaces: the slot's places for groups (docs/outings.md « Sorties de groupe »), 0 by default.
export async function createSlot(server, { venue, title, capacity, startsIn = 1800, groupPlaces = 0 }) {
  const admin = await adminOf(server);
  const form = await admin.get('/sorties/offres/nouvelle');
  assert.equal(form.status, 200, 'the offer form');
  const select = form.text.match(/<select id="o-venue" name="venue"[^>]*>([\s\S]*?)<\/select>/)[1];
  const venueId = [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)]
    .find((m) => m[2].replace(/&apos;/g, "'") === venue)?.[1];
  assert.ok(venueId, `${venue} is offered as a venue`);
  let res = await admin.post('/sorties/offres', {
    venue: venueId, title, category: 'live_show', audience: 'all', language: 'fr',
    description: 'Une sortie pour les tests de la liste des invités.', _submission: admin.submission,
  });
  assert.equal(res.status, 303, `offer created: ${res.text.match(/role="alert"[^>]*>([\s\S]*?)<\//)?.[1] || ''}`);
  const offerUrl = res.location;
  await admin.get(offerUrl);
  res = await admin.post(`${offerUrl}/statut`, { status: 'published', _submission: admin.submission });
  assert.equal(res.status, 303, 'offer published');
  await admin.get(`${offerUrl}/creneaux/nouveau`);
  // The day meant (today, or the simulated day startsIn - 30 min ahead) in Paris: late in the evening,
  // "in 30 minutes" would be the next day (check-in refused as the wrong day), so the slot then starts a
  // few minutes before midnight. In the last minutes of the day there is no room left for that (a slot
  // starts in the future, and the check-in must fall on its day): wait, polling the clock, until the day
  // meant has turned.
  const lead = Math.max(0, startsIn - 1800) * 1000;
  const dayOf = (ms) => localInput(new Date(ms)).slice(0, 10);
  if (dayOf(Date.now() + lead) !== dayOf(Date.now() + lead + 5 * 60000)) {
    const turning = dayOf(Date.now() + lead + 5 * 60000);
    await until(() => dayOf(Date.now() + lead) === turning, 'the day meant has turned', 6 * 60000, 1000);
  }
  let starts = new Date(Math.ceil((Date.now() + startsIn * 1000) / 60000) * 60000);
  const day = localInput(new Date(Date.now() + lead)).slice(0, 10);
  while (localInput(starts).slice(0, 10) !== day && starts.getTime() - 60000 > Date.now() + lead + 120000) {
    starts = new Date(starts.getTime() - 60000);
  }
  res = await admin.post(`${offerUrl}/creneaux`, {
    starts: localInput(starts), ends: localInput(new Date(starts.getTime() + 2 * 3600 * 1000)),
    capacity: String(capacity), mode: 'first_come', group_places: String(groupPlaces), _submission: admin.submission,
  });
  assert.equal(res.status, 303, `slot created: ${res.text.match(/role="alert"[^>]*>([\s\S]*?)<\//)?.[1] || ''}`);
  const page = await admin.get(offerUrl);
  assert.match(page.text, /Publiée|publiée|published/i);
  const ids = [...page.text.matchAll(/\/sorties\/creneaux\/(\d+)/g)].map((m) => Number(m[1]));
  assert.ok(ids.length > 0, 'the offer page links to its slot');
  return Math.max(...ids);
}

// Books the slot for the index-th beneficiary of the referent's booking form; returns { id, code }.
export async function bookSlot(referent, slotId, { index, companions = 0, ...needs }) {
  const form = await referent.get(`/sorties/creneaux/${slotId}/reserver`);
  assert.equal(form.status, 200, `booking form of slot ${slotId}`);
  const select = form.text.match(/<select[^>]*name="beneficiary"[^>]*>([\s\S]*?)<\/select>/);
  assert.ok(select, 'the booking form lists the beneficiaries');
  const ids = [...select[1].matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
  assert.ok(ids.length > index, `beneficiary #${index} exists`);
  const res = await referent.post(`/sorties/creneaux/${slotId}/reserver`, {
    beneficiary: ids[index], companions: String(companions), _submission: referent.submission, ...needs,
  });
  assert.equal(res.status, 303, `booked: ${res.text.match(/role="alert"[^>]*>([\s\S]*?)<\//)?.[1] || ''}`);
  const id = Number(res.location.match(/\/sorties\/reservations\/(\d+)$/)[1]);
  const page = await referent.get(res.location);
  const code = page.text.match(/\b([ACDEFGHJKMNPQRTWXY34679]{4}-[ACDEFGHJKMNPQRTWXY34679]{4})\b/)[1];
  return { id, code };
}

