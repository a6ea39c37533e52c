// Object kinds of the session objectives for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/questionnaires_objectives.json):
//   taught_session — a session of the side (the matrix's `session` kind, a fresh one) to which the
//                    administrator assigns the demo trainer (formateur@sagiterre.local) when the session
//                    page offers them (Sagiterre's side); on the other side the trainer is not its trainer.
export function kinds(env) {
  const { flashError, unique } = env;
  return {
    taught_session: {
      create: async (side) => {
        const s = await env.object('session', side, true);
        const page = await env.admin.get(`/formations/sessions/${s.id}`);
        const m = page.text.match(/<option value="(\d+)">Formateur Sagiterre &lt;formateur@sagiterre.local&gt;<\/option>/);
        if (side === 'own') {
          if (!m) throw new Error('the demo trainer is not offered on the own side');
          const res = await env.admin.post(`/formations/sessions/${s.id}/formateurs`, { trainer: m[1], _submission: unique('s') });
          if (res.status !== 303) throw new Error(`trainer assigned: HTTP ${res.status} ${flashError(res.text) || ''}`);
        }
        return { id: s.id };
      },
      table: 'training_sessions', fk: 'session_id',
    },
  };
}
