// Object kinds of trainer profiles for the authorization matrix (tests/authz/trainings_trainers.json).
//   trainer_profile — side own: the demo trainer of Sagiterre (formateur@sagiterre.local), who consented to be shown
//                     publicly; side other: a profile without consent of the fixture administrator (who teaches
//                     nowhere), made in the database. { id } is the user's id (the profile's row is read by user).
//   trainer_skill   — a skills entry of that side's trainer, made in the database.
export function kinds(env) {
  const run = (sql) => env.dbRows(env.server.database, sql);
  const userOf = (side) => {
    const email = side === 'own' ? env.DEMO.trainer : 'admin.fixtures@trame.local';
    const id = Number(run(`SELECT id FROM users WHERE email = '${email}'`)[0][0]);
    if (side === 'other') {
      run(`INSERT INTO training_trainer_profiles (user_id, expertise, years_practice, public_consent, created_at, updated_at)
           VALUES (${id}, 'Profil non public (authz)', 2, 0, 0, 0) ON CONFLICT (user_id) DO NOTHING`);
    }
    return id;
  };
  return {
    trainer_profile: {
      create: async (side) => ({ id: userOf(side) }),
      tables: () => [['training_trainer_profiles', 'user_id'], ['training_trainer_skills', 'user_id']],
    },
    trainer_skill: {
      create: async (side) => {
        const user = userOf(side);
        run(`INSERT INTO training_trainer_skills (user_id, day, title, kind, minutes, note, created_at)
             VALUES (${user}, '2026-01-15', 'Entrée (authz) ${env.unique('k')}', 'reading', 60, '', 0)`);
        return { id: Number(run(`SELECT MAX(id) FROM training_trainer_skills WHERE user_id = ${user}`)[0][0]), user };
      },
      table: 'training_trainer_skills', fk: 'skill_id',
    },
  };
}
