// Object kinds of the alumni spaces for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/trainings_alumni.json). Side `own`: a programme of Sagiterre, `other`: of the Département
// (the matrix's programme kind, published, without sessions). Made over HTTP by the fixture
// administrator, who manages every organiser and so writes in every alumni space:
//   alumni_thread — a thread of the programme's alumni space: { id, programme };
//   alumni_post   — its first message: { id, thread, programme };
//   alumni_file   — a file shared with its first message: { id, thread, programme }.
export function kinds(env) {
  const { dbRows, unique, flashError } = env;

  async function createThread(side) {
    const programme = await env.object('programme', side, true);
    const space = `/formations/programmes/${programme.id}/anciens`;
    await env.admin.get(space);
    const form = new FormData();
    form.set('_csrf', env.admin.csrf);
    form.set('_submission', unique('s'));
    form.set('title', `Fil ${unique('anciens')}`);
    form.set('body', 'Pour la matrice des droits.');
    form.set('file', new Blob(['Fiche pour la matrice\n'], { type: 'text/plain' }), 'fiche.txt');
    const res = await env.admin.request('POST', `${space}/fils`, { body: form });
    if (res.status !== 303) throw new Error(`alumni thread: HTTP ${res.status} ${flashError(res.text) || ''}`);
    const id = env.idFrom(res.location, /\/formations\/anciens\/fils\/(\d+)$/);
    const [[post, file]] = dbRows(env.server.database,
      `SELECT id, resource_id FROM training_alumni_posts WHERE thread_id = ${id} ORDER BY id LIMIT 1`);
    return { id, programme: programme.id, post: Number(post), file: Number(file) };
  }

  return {
    alumni_thread: { create: (side) => createThread(side), table: 'training_alumni_threads', fk: 'thread_id' },
    alumni_post: {
      create: async (side) => { const t = await createThread(side); return { id: t.post, thread: t.id, programme: t.programme }; },
      table: 'training_alumni_posts', fk: 'post_id',
    },
    alumni_file: {
      create: async (side) => { const t = await createThread(side); return { id: t.file, thread: t.id, programme: t.programme }; },
      table: 'training_alumni_files', fk: 'resource_id',
    },
  };
}
