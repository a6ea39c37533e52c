// Rows of past outings written straight into the database for the dashboards and open-data tests (a slot
// cannot be booked in the past over HTTP): a territory (EPCI, communes with known populations), a venue,
// a relais, people, slots and bookings. Every name and code is unique to the test that makes it.
import { randomBytes } from 'node:crypto';
import { querySql } from '../harness.mjs';
import { unique } from '../bookings_fixtures.mjs';

export const at = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d, 12) / 1000);
const esc = (s) => s.replace(/'/g, "''");
const digits = (n) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export function world(server) {
  const sql = (q) => querySql(server.database, q);
  const w = { sql };
  // An EPCI and its communes (populations given), in an existing département.
  w.epci = (populations) => {
    const siren = `9${digits(8)}`;
    const name = unique('EPCI test');
    sql(`INSERT INTO epcis (siren, name, kind, population, imported_at) VALUES ('${siren}', '${esc(name)}', 'CC', 0, 0)`);
    const communes = populations.map((p) => {
      const code = `Z${digits(4)}`;
      const cname = unique('Commune');
      sql(`INSERT INTO communes (code, name, departement_code, epci_siren, population, imported_at) VALUES ('${code}', '${esc(cname)}', (SELECT MIN(code) FROM departements), '${siren}', ${p}, 0)`);
      return { code, name: cname };
    });
    return { siren, name, communes };
  };
  w.organisation = (kind, communeCode = null) => {
    const name = unique(kind === 'social' ? 'Relais rapports' : 'Lieu rapports');
    const id = sql(`INSERT INTO organisations (name, kind, status, created_at, commune_code) VALUES ('${esc(name)}', '${kind}', 'active', 0, ${communeCode ? `'${communeCode}'` : 'NULL'}) RETURNING id`);
    return { id: Number(id), name };
  };
  w.offer = (venueId) => Number(sql(`INSERT INTO outing_offers (venue_id, partner_id, title, category, status, created_at, updated_at) VALUES (${venueId}, ${venueId}, '${unique('Offre')}', 'concert', 'published', 0, 0) RETURNING id`));
  w.slot = (offerId, startsAt, capacity = 50) => Number(sql(`INSERT INTO outing_slots (offer_id, starts_at, capacity, opens_at, closes_at, cancel_until, created_at, updated_at) VALUES (${offerId}, ${startsAt}, ${capacity}, 0, 0, 0, 0, 0) RETURNING id`));
  w.person = (relaisId, communeCode) => Number(sql(`INSERT INTO beneficiaries (code, organisation_id, referent_id, age_band, commune_code, created_at, updated_at) VALUES ('${unique('P')}', ${relaisId}, (SELECT MIN(id) FROM users), '26-59', ${communeCode ? `'${communeCode}'` : 'NULL'}, 0, 0) RETURNING id`));
  w.booking = (relaisId, personId, slotId, { status = 'used', places = 1 } = {}) => sql(`INSERT INTO bookings (code, slot_id, beneficiary_id, organisation_id, referent_id, companions, places, status, created_at, updated_at) VALUES ('${unique('B')}', ${slotId}, ${personId}, ${relaisId}, (SELECT MIN(id) FROM users), ${places - 1}, ${places}, '${status}', 0, 0)`);
  return w;
}

export function csvRows(body) {
  return body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
}
