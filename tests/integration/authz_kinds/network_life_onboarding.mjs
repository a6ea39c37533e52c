// Object kinds of the referents' onboarding for the authorization matrix (tests/integration/authz.test.mjs,
// tests/authz/network_life_onboarding.json):
//   onboarding_relais — a relais: own Cultures du Cœur 94 (the referent and volunteer principals' relais, a
//                       social relay of the coordinator principal's Département), other the Vitry relais
//                       (Cultures du Cœur 94's: none of the principals belongs to it or coordinates it).
export function kinds(env) {
  const NAMES = { own: 'Cultures du Cœur 94', other: 'Relais social de Vitry-sur-Seine (fictif)' };
  return {
    onboarding_relais: { create: async (side) => ({ id: Number(env.dbRows(env.server.database, `SELECT id FROM organisations WHERE name = '${NAMES[side].replace(/'/g, "''")}'`)[0][0]) }), table: 'organisations',
      fk: 'organisation_id' },
  };
}
