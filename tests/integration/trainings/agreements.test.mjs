// Training agreements and contracts (/formations/sessions/{id}/conventions, /formations/conventions/{id},
// /conventions/{token}): made from the programme and the session, printed per the Code du travail (read back
// with pdftotext), versioned (an edit makes version n+1, the old ones kept with their hash), sent through the
// outbox with the PDF attached (proof of sending on the page), signed online by the other party (name, time,
// IP, user agent and document hash recorded) or uploaded signed; a signature on an altered, cancelled or
// already signed document refused with nothing changed; two signatures at once: one wins; a contract's
// withdrawal online within its period and refused after it (TRAME_CLOCK_OFFSET); who may see what.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client, DEMO, startTrame, until } from '../harness.mjs';
import { dbRows, dbValue } from '../questionnaire_fixtures.mjs';
import {
  act, attachment, candidates, create, download, html, make, openLink, pdfText, send, sessionId, sha256, sign, unique,
} from './agreements_fixtures.mjs';

let server;
let staff;     // Sagiterre: manages « Session printemps 2027 »
let printemps;
let people;    // application ids by name

async function signIn(email) {
  const c = new Client(server.url);
  const res = await c.login(email);
  assert.equal(res.status, 303, `login ${email}`);
  return c;
}

const row = (id) => {
  const [r] = dbRows(server.database, `SELECT status, current_version, current_sha256, signer_name, signer_ip, signer_agent,
    signed_sha256, signature_kind, withdrawal_ends_at, withdrawn_at, upload_sha256, signed_at FROM training_agreements WHERE id = ${id}`);
  return { status: r[0], version: Number(r[1]), sha: r[2], signer: r[3], ip: r[4], agent: r[5], signedSha: r[6],
    kind: r[7], withdrawalEnds: Number(r[8]), withdrawnAt: Number(r[9]), uploadSha: r[10], signedAt: Number(r[11]) };
};
const versions = (id) => dbRows(server.database,
  `SELECT number, sha256, outbox_id, sent_to FROM training_agreement_versions WHERE agreement_id = ${id} ORDER BY number`)
  .map((r) => ({ number: Number(r[0]), sha: r[1], outbox: Number(r[2]), to: r[3] }));

before(async () => {
  server = await startTrame();
  staff = await signIn(DEMO.training_staff);
  printemps = await sessionId(staff, 'Session printemps 2027');
  people = await candidates(staff, printemps);
});
after(async () => { await server?.stop(); });

test('the demo: a convention signed online, one waiting, a contract in its withdrawal period and one whose period is over', async () => {
  const rows = dbRows(server.database, `SELECT a.kind, a.status, a.signature_kind, a.withdrawal_ends_at, u.email
    FROM training_agreements a JOIN training_applications ap ON ap.id = a.application_id JOIN users u ON u.id = ap.user_id
    WHERE a.session_id = ${printemps} ORDER BY a.id`);
  const now = Date.now() / 1000;
  const by = Object.fromEntries(rows.map((r) => [r[4], { kind: r[0], status: r[1], how: r[2], ends: Number(r[3]) }]));
  assert.deepEqual(by['stagiaire@paul-guimard.local'], { kind: 'convention', status: 'signed', how: 'online', ends: 0 });
  assert.equal(by['nadia.cherif@demo.trame.local'].status, 'sent');
  assert.equal(by['thomas.guerin@demo.trame.local'].kind, 'contract');
  assert.equal(by['thomas.guerin@demo.trame.local'].status, 'signed');
  assert.ok(by['thomas.guerin@demo.trame.local'].ends > now, 'in its withdrawal period');
  assert.ok(by['lea.durand@demo.trame.local'].ends < now, 'period over');
  const page = html((await staff.get(`/formations/sessions/${printemps}/conventions`)).text);
  assert.match(page, /Délai de rétractation jusqu'au \d+(er)? \S+ \d{4} inclus/);
  assert.match(page, /Envoyé, en attente de signature/);
});

test('a convention: made, edited into version 2, sent with its PDF, its text per the Code du travail, signed online', async () => {
  const email = `${unique('convention')}@example.org`;
  // Refused forms change nothing and keep what was typed.
  const before = Number(dbValue(server.database, 'SELECT CAST(COUNT(*) AS BIGINT) FROM training_agreements'));
  let res = await create(staff, printemps, { kind: 'convention', application: String(people['Yanis Benali']),
    party_name: 'Association Test', party_representative: '', party_email: email });
  assert.equal(res.status, 422);
  assert.match(html(res.text), /Indiquez le nom et la fonction de la personne qui signe/);
  assert.match(res.text, /id="a-party_representative"[^>]*aria-invalid="true"/);
  assert.match(res.text, new RegExp(`value="${email}"`));
  res = await create(staff, printemps, { kind: 'convention', application: '999999', party_email: email });
  assert.equal(res.status, 422);
  assert.equal(Number(dbValue(server.database, 'SELECT CAST(COUNT(*) AS BIGINT) FROM training_agreements')), before);

  const id = await make(staff, printemps, { kind: 'convention', application: String(people['Yanis Benali']),
    party_name: 'Association Les Essais (fictive)', party_representative: 'Jeanne Essai, présidente', party_email: email,
    mode: 'mixte' });
  assert.equal(row(id).status, 'draft');
  assert.equal(versions(id).length, 1);
  const v1 = await download(staff, `/formations/conventions/${id}/versions/1`);
  assert.equal(v1.status, 200);
  assert.equal(v1.type, 'application/pdf');
  assert.equal(sha256(v1.bytes), versions(id)[0].sha);
  const text1 = pdfText(v1.bytes);
  for (const s of ['Convention de formation professionnelle', 'articles L6353-1 et suivants du Code du travail',
    'Type d\'action (article L6313-1 du Code du travail)', 'Pouvoir d\'agir et coopération', 'Objectifs', 'Programme',
    'Durée', 'Effectif', 'mixte (en présentiel et à distance)', 'certificat de réalisation', '1 500,00 €',
    'Association Les Essais (fictive), représenté(e) par Jeanne Essai, présidente', 'article L6354-1',
    'seules les prestations effectivement dispensées sont dues', 'Version 1']) {
    assert.ok(text1.includes(s), `« ${s} » missing from:\n${text1}`);
  }
  assert.ok(!text1.includes('se rétracter'), 'no withdrawal in a convention');

  // An edit that is refused changes nothing; a valid one makes version 2, version 1 kept.
  res = await act(staff, id, 'modifier', { party_name: 'Association Les Essais (fictive)', party_representative: 'Jeanne Essai, présidente',
    party_email: email, title: 'Intitulé modifié', action_type: 'action_formation', objectives: 'Objectif A', programme: 'Module 1',
    duration: 'beaucoup', place: 'Nantes', mode: 'presentiel', sanction: 'Certificat de réalisation', trainers: '', price: '1500' });
  assert.equal(res.status, 422);
  assert.match(html(res.text), /Indiquez la durée en heures/);
  assert.equal(versions(id).length, 1);
  res = await act(staff, id, 'modifier', { party_name: 'Association Les Essais (fictive)', party_representative: 'Jeanne Essai, présidente',
    party_email: email, title: 'Pouvoir d\'agir — parcours 2027', action_type: 'action_formation', objectives: 'Objectif A\nObjectif B',
    programme: 'Module 1\nModule 2', duration: '70', place: 'Nantes, salle Tramway', mode: 'presentiel',
    sanction: 'Certificat de réalisation ; mise en situation', trainers: '', price: '1 400,00' });
  assert.equal(res.status, 303, html(res.text).slice(0, 600));
  const vs = versions(id);
  assert.deepEqual(vs.map((v) => v.number), [1, 2]);
  assert.equal(row(id).sha, vs[1].sha);
  assert.notEqual(vs[0].sha, vs[1].sha);
  const again1 = await download(staff, `/formations/conventions/${id}/versions/1`);
  assert.equal(sha256(again1.bytes), vs[0].sha, 'version 1 is kept as it was');
  const text2 = pdfText((await download(staff, `/formations/conventions/${id}/versions/2`)).bytes);
  assert.ok(text2.includes('Pouvoir d\'agir — parcours 2027') && text2.includes('1 400,00 €') && text2.includes('70 h'), text2);

  // Sent: the mail carries the PDF of version 2 and the link; the version keeps its outbox id; proof of sending shown.
  const { link, mail } = await send(staff, id, email);
  assert.equal(sha256(attachment(mail.raw)), vs[1].sha);
  assert.ok(versions(id)[1].outbox > 0);
  assert.equal(versions(id)[1].to, email);
  assert.equal(row(id).status, 'sent');
  await until(async () => /data-outbox="\d+">envoyé/.test((await staff.get(`/formations/conventions/${id}`)).text),
    'the page shows the sending as done', 20000);
  assert.equal(dbValue(server.database, `SELECT token_hash FROM training_agreements WHERE id = ${id}`),
    sha256(link.split('/').pop()), 'only the hash of the token is kept');

  // The signing page shows the text and the hash; its PDF is the current version.
  const visitor = await openLink(server.url, link);
  assert.equal(visitor.page.status, 200);
  assert.match(visitor.page.headers.get('cache-control') || '', /no-store/, 'the address holds the token: not cached');
  assert.equal(visitor.sha, vs[1].sha);
  assert.match(html(visitor.page.text), /Pouvoir d'agir — parcours 2027/);
  const pdf = await download(visitor.client, `${link}/pdf`);
  assert.equal(sha256(pdf.bytes), vs[1].sha);

  // Refusals: without « Lu et approuvé », without a name; nothing changes.
  res = await sign(visitor.client, link, { signer_name: 'Jeanne Essai', document_sha256: visitor.sha });
  assert.equal(res.status, 422);
  assert.match(html(res.text), /Cochez « Lu et approuvé »/);
  res = await sign(visitor.client, link, { signer_name: ' ', approved: '1', document_sha256: visitor.sha });
  assert.equal(res.status, 422);
  assert.equal(row(id).status, 'sent');

  // The organisation changes the document while it is open: the signature on the old text is refused.
  res = await act(staff, id, 'modifier', { party_name: 'Association Les Essais (fictive)', party_representative: 'Jeanne Essai, présidente',
    party_email: email, title: 'Pouvoir d\'agir — parcours 2027', action_type: 'action_formation', objectives: 'Objectif A\nObjectif B',
    programme: 'Module 1\nModule 2\nModule 3', duration: '70', place: 'Nantes, salle Tramway', mode: 'presentiel',
    sanction: 'Certificat de réalisation ; mise en situation', trainers: '', price: '1 400,00' });
  assert.equal(res.status, 303);
  const beforeSign = row(id);
  assert.equal(beforeSign.version, 3);
  res = await sign(visitor.client, link, { signer_name: 'Jeanne Essai', approved: '1', document_sha256: visitor.sha });
  assert.equal(res.status, 409);
  assert.match(html(res.text), /Ce document a été modifié depuis que vous l'avez ouvert/);
  assert.deepEqual(row(id), beforeSign, 'nothing changed');
  // The page shown again holds the new text's hash: signing it works.
  const newSha = res.text.match(/name="document_sha256" value="([0-9a-f]{64})"/)[1];
  assert.equal(newSha, beforeSign.sha);
  res = await sign(visitor.client, link, { signer_name: 'Jeanne Essai', approved: '1', document_sha256: newSha });
  assert.equal(res.status, 303, html(res.text).slice(0, 600));
  const signed = row(id);
  assert.equal(signed.status, 'signed');
  assert.equal(signed.kind, 'online');
  assert.equal(signed.signer, 'Jeanne Essai');
  assert.equal(signed.ip, '127.0.0.1');
  assert.ok(signed.agent.length > 0, 'user agent recorded');
  assert.equal(signed.signedSha, beforeSign.sha);
  assert.equal(signed.withdrawalEnds, 0, 'no withdrawal period for a convention');

  // Already signed: refused, nothing changes; the staff can no longer edit it.
  res = await sign(visitor.client, link, { signer_name: 'Quelqu\'un', approved: '1', document_sha256: newSha });
  assert.equal(res.status, 409);
  assert.match(html(res.text), /déjà été signé/);
  assert.deepEqual(row(id), signed);
  res = await act(staff, id, 'modifier', { party_name: 'X', party_representative: 'Y', party_email: email, title: 'Z',
    action_type: 'action_formation', duration: '70', mode: 'presentiel', price: '1' });
  assert.equal(res.status, 409);
  assert.deepEqual(row(id), signed);
  const page = html((await staff.get(`/formations/conventions/${id}`)).text);
  assert.match(page, /Signé en ligne/);
  assert.match(page, /Jeanne Essai/);
});

test('a contract: the withdrawal sentences printed, the period shown, withdrawal refused after it and accepted within it', async () => {
  const email = `${unique('contrat')}@example.org`;
  let res = await create(staff, printemps, { kind: 'contract', application: String(people['Camille Martin']),
    party_email: email, advance_percent: '40' });
  assert.equal(res.status, 422);
  assert.match(html(res.text), /ne peut pas dépasser 30 %/);
  const id = await make(staff, printemps, { kind: 'contract', application: String(people['Camille Martin']),
    party_email: email, advance_percent: '30' });
  const text = pdfText((await download(staff, `/formations/conventions/${id}/versions/1`)).bytes);
  for (const s of ['Contrat de formation professionnelle', 'articles L6353-3 à L6353-7 du Code du travail',
    'Dans un délai de dix jours à compter de la signature du présent contrat, le stagiaire peut se rétracter par lettre recommandée avec avis de réception',
    'Aucune somme ne peut être exigée du stagiaire avant l\'expiration du délai de rétractation',
    'acompte de 30 %', '450,00 €', '1 050,00 €', 'au fur et à mesure du déroulement de l\'action de formation',
    'force majeure dûment reconnue', 'L6353-7', 'Camille Martin', 'Formateurs', 'Numéro de déclaration d\'activité']) {
    assert.ok(text.includes(s), `« ${s} » missing from:\n${text}`);
  }
  const { link } = await send(staff, id, email);
  const visitor = await openLink(server.url, link);
  res = await sign(visitor.client, link, { signer_name: 'Camille Martin', approved: '1', document_sha256: visitor.sha });
  assert.equal(res.status, 303);
  const signed = row(id);
  assert.equal(signed.status, 'signed');
  assert.ok(signed.withdrawalEnds >= signed.signedAt + 10 * 86400, 'ten days at least');
  assert.ok(signed.withdrawalEnds <= signed.signedAt + 16 * 86400);
  const page = html((await visitor.client.get(link)).text);
  assert.match(page, /Délai de rétractation jusqu'au \d+(er)? \S+ \d{4} inclus/);
  assert.match(page, /Exercer mon droit de rétractation/);

  // After the period (the same database, the server's clock 20 days ahead): refused in French, nothing changes.
  const later = await startTrame({ database: server.database, demo: false, env: { TRAME_CLOCK_OFFSET: String(20 * 86400) } });
  try {
    const late = await openLink(later.url, link);
    assert.doesNotMatch(html(late.page.text), /Exercer mon droit de rétractation/);
    res = await late.client.post(`${link}/retractation`, { _submission: randomUUID(), confirm: '1' });
    assert.equal(res.status, 409);
    assert.match(html(res.text), /Le délai de rétractation a pris fin le \d+(er)? \S+ \d{4} au soir/);
    assert.deepEqual(row(id), signed);
  } finally {
    await later.stop();
  }
  // Within it: unconfirmed refused, then recorded.
  res = await visitor.client.post(`${link}/retractation`, { _submission: randomUUID() });
  assert.equal(res.status, 422);
  assert.deepEqual(row(id), signed);
  res = await visitor.client.post(`${link}/retractation`, { _submission: randomUUID(), confirm: '1' });
  assert.equal(res.status, 303);
  const withdrawn = row(id);
  assert.equal(withdrawn.status, 'withdrawn');
  assert.ok(withdrawn.withdrawnAt > 0);
  res = await visitor.client.post(`${link}/retractation`, { _submission: randomUUID(), confirm: '1' });
  assert.equal(res.status, 409);
  assert.match(html(res.text), /déjà exercé votre droit de rétractation/);
});

test('uploaded signed by the staff: a PDF only, a date that is not in the future; stored with its own hash', async () => {
  const email = `${unique('papier')}@example.org`;
  const id = await make(staff, printemps, { kind: 'contract', application: String(people['Yanis Benali']), party_email: email });
  const before = row(id);
  const upload = async (fields, file, name) => {
    await staff.get(`/formations/conventions/${id}`);
    const form = new FormData();
    form.set('_csrf', staff.csrf);
    form.set('_submission', randomUUID());
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('signed_file', new Blob([file]), name);
    return staff.request('POST', `/formations/conventions/${id}/signature`, { body: form });
  };
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  const tomorrow = new Date(Date.now() + 2 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  let res = await upload({ signer_name: 'Yanis Benali', signed_on: today }, Buffer.from('<html>pas un pdf</html>'), 'scan.pdf');
  assert.equal(res.status, 422);
  assert.match(html(res.text), /n'est pas un PDF/);
  assert.match(res.text, /id="u-signed_file"[^>]*aria-invalid="true"/);
  const scan = (await download(staff, `/formations/conventions/${id}/versions/1`)).bytes;
  res = await upload({ signer_name: 'Yanis Benali', signed_on: tomorrow }, scan, 'scan.pdf');
  assert.equal(res.status, 422);
  assert.match(html(res.text), /ni dans le futur/);
  assert.deepEqual(row(id), before);
  res = await upload({ signer_name: 'Yanis Benali', signed_on: today }, scan, 'contrat signé.pdf');
  assert.equal(res.status, 303, html(res.text).slice(0, 600));
  const after = row(id);
  assert.equal(after.status, 'signed');
  assert.equal(after.kind, 'upload');
  assert.equal(after.uploadSha, sha256(scan));
  assert.ok(after.withdrawalEnds > Date.now() / 1000, 'the period runs from the day typed');
  const file = await download(staff, `/formations/conventions/${id}/document-signe`);
  assert.equal(file.status, 200);
  assert.equal(sha256(file.bytes), sha256(scan));
  assert.match(html((await staff.get(`/formations/conventions/${id}`)).text), /Aucune somme ne peut lui être demandée avant le \d+(er)? \S+ \d{4}/);

  // A withdrawal received by registered letter, recorded by the staff: the day it was sent, within the period.
  res = await act(staff, id, 'retractation', { letter_sent_on: tomorrow });
  assert.equal(res.status, 422);
  assert.match(res.text, /id="l-letter_sent_on"[^>]*aria-invalid="true"/);
  assert.deepEqual(row(id), after);
  res = await act(staff, id, 'retractation', { letter_sent_on: today });
  assert.equal(res.status, 303);
  assert.equal(row(id).status, 'withdrawn');
  // The demo's contract whose period is over: a letter sent today is too late; nothing changes.
  const over = Number(dbValue(server.database, `SELECT a.id FROM training_agreements a JOIN training_applications ap
    ON ap.id = a.application_id JOIN users u ON u.id = ap.user_id WHERE u.email = 'lea.durand@demo.trame.local' AND a.kind = 'contract'`));
  const overBefore = row(over);
  res = await act(staff, over, 'retractation', { letter_sent_on: today });
  assert.equal(res.status, 422);
  assert.match(html(res.text), /envoyée après la fin du délai de rétractation/);
  assert.deepEqual(row(over), overBefore);
});

test('two signatures at once: one is recorded, the other refused; a cancelled document cannot be signed', async () => {
  const email = `${unique('double')}@example.org`;
  const id = await make(staff, printemps, { kind: 'convention', application: String(people['Camille Martin']),
    party_name: 'Structure Double (fictive)', party_representative: 'Paul Double, directeur', party_email: email });
  const { link } = await send(staff, id, email);
  const a = await openLink(server.url, link);
  const b = await openLink(server.url, link);
  const results = await Promise.all([
    sign(a.client, link, { signer_name: 'Première Personne', approved: '1', document_sha256: a.sha }),
    sign(b.client, link, { signer_name: 'Seconde Personne', approved: '1', document_sha256: b.sha }),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
  const winner = results[0].status === 303 ? 'Première Personne' : 'Seconde Personne';
  assert.equal(row(id).signer, winner);

  const email2 = `${unique('annule')}@example.org`;
  const id2 = await make(staff, printemps, { kind: 'convention', application: String(people['Léa Durand']),
    party_name: 'Structure Annulée (fictive)', party_representative: 'Anne Nulle, directrice', party_email: email2 });
  const sent = await send(staff, id2, email2);
  const visitor = await openLink(server.url, sent.link);
  let res = await act(staff, id2, 'annulation', { reason: '' });
  assert.equal(res.status, 422);
  res = await act(staff, id2, 'annulation', { reason: 'Financement refusé par l\'employeur.' });
  assert.equal(res.status, 303);
  const cancelled = row(id2);
  assert.equal(cancelled.status, 'cancelled');
  res = await sign(visitor.client, sent.link, { signer_name: 'Anne Nulle', approved: '1', document_sha256: visitor.sha });
  assert.equal(res.status, 409);
  assert.match(html(res.text), /a été annulé/);
  assert.deepEqual(row(id2), cancelled);
  // An unknown link: not found.
  assert.equal((await new Client(server.url).get('/conventions/inconnu-0000000000000000')).status, 404);
});

test('who may see: the organiser\'s managers only; others 404 or 403, anonymous sent to sign in', async () => {
  const coordinator = await signIn(DEMO.coordinator);  // manages another organiser's sessions
  const trainer = await signIn(DEMO.trainer);
  const id = Number(dbValue(server.database, `SELECT MIN(id) FROM training_agreements WHERE session_id = ${printemps}`));
  assert.equal((await coordinator.get(`/formations/sessions/${printemps}/conventions`)).status, 404);
  assert.equal((await coordinator.get(`/formations/conventions/${id}`)).status, 404);
  assert.equal((await coordinator.get(`/formations/conventions/${id}/versions/1`)).status, 404);
  assert.equal((await trainer.get(`/formations/conventions/${id}`)).status, 403);
  assert.equal((await new Client(server.url).get(`/formations/conventions/${id}`)).status, 303);
  const before = row(id);
  await coordinator.get('/');
  const res = await coordinator.post(`/formations/conventions/${id}/annulation`, { _submission: randomUUID(), reason: 'x' });
  assert.equal(res.status, 404);
  assert.deepEqual(row(id), before);
});
