// Helpers of the general assembly's tests: fresh member organisations for a fresh membership year
// (written behind Trame's back in the members module's table, so that these tests depend on nothing but
// its schema), an assembly created over HTTP by the Département's coordinator, and forms posted after
// reading their page.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { querySql } from '../harness.mjs';
import { dbValue, q } from '../questionnaire_fixtures.mjs';
import { flash, hex, parisDay, post, textOf } from '../cooperation/fixtures.mjs';

export { flash, hex, parisDay, post, textOf };

export const NETWORK = 'Département de Loire-Atlantique';
export const CDC94 = 'Cultures du Cœur 94';

export const orgId = (db, name) => Number(dbValue(db, `SELECT id FROM organisations WHERE name = ${q(name)}`));

// A membership year no other test uses (2050–2099).
export const freshYear = () => 2050 + (randomBytes(1)[0] % 50);

// `count` new organisations, members for `year` (plus the extra ones given), organised by the Département.
// Returns [{ id, name }].
export function makeMembers(db, year, count, extra = []) {
  const now = Math.floor(Date.now() / 1000);
  const tag = hex();
  const made = [];
  for (let i = 1; i <= count; i += 1) {
    const name = `Relais AG ${tag} ${i}`;
    querySql(db, `INSERT INTO organisations (name, kind, status, created_at) VALUES (${q(name)}, 'social', 'active', ${now})`);
    made.push({ id: orgId(db, name), name });
  }
  const organiser = orgId(db, NETWORK);
  for (const o of [...made, ...extra]) {
    querySql(db, `INSERT INTO life_memberships (organiser_id, organisation_id, year, status, applied_on, created_at, updated_at) `
      + `VALUES (${organiser}, ${o.id}, ${year}, 'member', '${year}-01-10', ${now}, ${now})`);
  }
  return made;
}

// An assembly organised by the Département (the coordinator's organisation). `day`: 'YYYY-MM-DD'.
export async function createAssembly(client, db, { title = `AG ${hex()}`, day, from = '14:00', to = '17:00', year,
  agenda = 'Rapport moral\nRapport financier', kind = 'ordinary' } = {}) {
  const res = await post(client, '/adherents/assemblees', '/adherents/assemblees', {
    organiser: orgId(db, NETWORK), kind, title, starts: `${day}T${from}`, ends: `${day}T${to}`,
    place: 'Salle du conseil', video_url: '', year: String(year), agenda,
  });
  assert.equal(res.status, 303, `assembly ${title} created: ${flash(res.text) || textOf(res.text).slice(0, 400)}`);
  return { id: Number(res.location.match(/\/adherents\/assemblees\/(\d+)/)[1]), title };
}

export async function addResolution(client, db, id, title, majority = "simple") {
  const url = `/adherents/assemblees/${id}`;
  const res = await post(client, url, `${url}/resolutions`, { title, body: '', majority });
  assert.equal(res.status, 303, `resolution ${title}: ${flash(res.text)}`);
  return Number(dbValue(db, `SELECT id FROM life_assembly_resolutions WHERE assembly_id = ${id} AND title = ${q(title)}`));
}

export const attendanceOf = (db, id) => Object.fromEntries(
  querySql(db, `SELECT organisation_id || ':' || status || ':' || holder_id FROM life_assembly_attendance WHERE assembly_id = ${id}`)
    .split('\n').filter(Boolean).map((l) => { const [o, s, h] = l.split(':'); return [Number(o), { status: s, holder: Number(h) }]; }));
