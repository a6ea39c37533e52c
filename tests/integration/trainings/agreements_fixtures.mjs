// Steps shared by the agreements tests (integration, authorization kinds): the pages of Sagiterre's open
// session, making, sending and signing an agreement over HTTP, and reading PDFs and mails back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, TMP, linkIn, waitForMail } from '../harness.mjs';

export const html = (t) => t.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/[\u00a0\u202f]/g, ' ');
export const sha256 = (b) => createHash('sha256').update(b).digest('hex');
export const unique = (prefix) => `${prefix}-${randomBytes(5).toString('hex')}`;

// The id of the session whose agreements page (as `client`, a manager) names this title.
export async function sessionId(client, title) {
  for (let id = 1; id <= 60; id++) {
    const page = await client.get(`/formations/sessions/${id}/conventions`);
    if (page.status === 200 && html(page.text).includes(`— ${title} —`)) return id;
  }
  throw new Error(`session not found: ${title}`);
}

// The application ids of the form's list, by the person's name.
export async function candidates(client, session) {
  const page = await client.get(`/formations/sessions/${session}/conventions`);
  assert.equal(page.status, 200);
  const select = page.text.match(/<select id="a-application"[\s\S]*?<\/select>/)[0];
  const out = {};
  for (const m of html(select).matchAll(/<option value="(\d+)"[^>]*>([^<—]+) —/g)) out[m[2].trim()] = Number(m[1]);
  return out;
}

export async function create(client, session, fields) {
  await client.get(`/formations/sessions/${session}/conventions`);
  return client.post(`/formations/sessions/${session}/conventions`, { _submission: randomUUID(), ...fields });
}

// Makes one and returns its id.
export async function make(client, session, fields) {
  const res = await create(client, session, fields);
  assert.equal(res.status, 303, html(res.text).slice(0, 800));
  const m = res.location.match(/^\/formations\/conventions\/(\d+)$/);
  assert.ok(m, res.location);
  return Number(m[1]);
}

export async function act(client, id, action, fields = {}) {
  await client.get(`/formations/conventions/${id}`);
  return client.post(`/formations/conventions/${id}/${action}`, { _submission: randomUUID(), ...fields });
}

// Sends the current version and returns { token path, mail }.
export async function send(client, id, email) {
  const res = await act(client, id, 'envoi');
  assert.equal(res.status, 303, html(res.text).slice(0, 800));
  const mail = await waitForMail((m) => m.to === email && m.subject.includes('à signer'));
  const link = linkIn(mail.body, '/conventions/');
  assert.ok(link, mail.body);
  return { link, mail };
}

// The PDF attached to a raw message.
export function attachment(raw) {
  const m = raw.match(/Content-Type: application\/pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/);
  assert.ok(m, 'no PDF attached');
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

export async function download(client, url) {
  const headers = client.cookies.size ? { cookie: client.cookieHeader() } : {};
  const res = await fetch(client.base + url, { headers, redirect: 'manual' });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

export function pdfText(bytes) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `agreement-${randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  fs.unlinkSync(file);
  assert.equal(r.status, 0, r.stderr);
  // One line of text, without the page footers that a page break puts inside a paragraph.
  return r.stdout.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').replace(/ ?page \d+ \/ \d+ ?/g, ' ');
}

// An anonymous visitor on the signing link: the page, its form's hidden hash.
export async function openLink(base, link) {
  const c = new Client(base);
  const page = await c.get(link);
  const m = page.text.match(/name="document_sha256" value="([0-9a-f]{64})"/);
  return { client: c, page, sha: m ? m[1] : null };
}

export function sign(visitor, link, fields) {
  return visitor.post(link, { _submission: randomUUID(), ...fields });
}
