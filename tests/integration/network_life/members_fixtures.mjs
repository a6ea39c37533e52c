// Helpers of the members tests (tests/integration/network_life/members*.mjs): a clock set in December (the
// renewal reminders' month), fresh organisations with a staff account (the demo password), SQL reads.
import { randomBytes } from 'node:crypto';
import { querySql } from '../harness.mjs';

export const hex = () => randomBytes(4).toString('hex');
export const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

// A clock offset (whole days, so that the demo template is shared during a day) that puts the server on
// 15 or 16 December of next year: inside the reminders' month, whatever today is.
export function decemberOffset() {
  const now = Date.now();
  const target = Date.UTC(new Date(now).getUTCFullYear() + 1, 11, 15, 12, 0);
  return String(Math.ceil((target - now) / 86400000) * 86400);
}
// The server's year under that offset.
export const serverYear = () => new Date(Date.now() + Number(process.env.TRAME_CLOCK_OFFSET || 0) * 1000).getUTCFullYear();

export const sqlOf = (server) => ({
  value: (s) => querySql(server.database, s).split('\n')[0],
  rows: (s) => { const out = querySql(server.database, s); return out ? out.split('\n').map((l) => l.split('|')) : []; },
  run: (s) => querySql(server.database, s),
});

// A fresh active organisation of a kind, with one staff account (role partner_staff or referent) whose
// password is the demo one. Returns { id, name, email, userId }.
export function freshOrganisation(server, { kind = 'social', role = 'referent', prefix = 'Relais test' } = {}) {
  const db = sqlOf(server);
  const name = `${prefix} ${hex()}`;
  const email = `staff-${hex()}@members.test`;
  db.run(`INSERT INTO organisations (name, kind, status, created_at) VALUES (${q(name)}, ${q(kind)}, 'active', 1700000000)`);
  const id = Number(db.value(`SELECT id FROM organisations WHERE name = ${q(name)}`));
  db.run(`INSERT INTO users (email, name, locale, password_hash, created_at) SELECT ${q(email)}, ${q(`Équipe ${name}`)}, 'fr', password_hash, 1700000000 FROM users WHERE email = 'billetterie@theatre-quartier-libre.local'`);
  const userId = Number(db.value(`SELECT id FROM users WHERE email = ${q(email)}`));
  db.run(`INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES (${userId}, ${id}, ${q(role)}, 1700000000)`);
  return { id, name, email, userId };
}

export const ccc = (server) => Number(sqlOf(server).value("SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'"));
